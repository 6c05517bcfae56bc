/**
 * `read` for the SPCS kinds: SHOW/DESCRIBE of the live object mapped back to outputs, so `pulumi refresh`
 * sees drift (a service spec changed outside Pulumi: specDrift.ts). undefined = confirmed gone.
 */
import type { Row } from "./client";
import type { SpcsKind } from "./resources";
import { bool, identList, num, str, up, type Props } from "./rows";
import { externalAccessIntegrationSql, functionArgTypes, imageRepositorySql, jobServiceSql, serviceFunctionSql, serviceRoleGrantSql, serviceSql } from "./sql";
import { readLiveSpec } from "./specDrift";
import { NotVisibleError, isDoesNotExistOrNotAuthorized } from "./absence";
import type { Lookup } from "./lookup";
import type { Waiter } from "./waits";

export async function readLive(kind: SpcsKind, id: string, p: Props, lk: Lookup, waiter: Waiter): Promise<Props | undefined> {
  switch (kind) {
    case "ComputePool": {
      const row = await lk.findPool(p.name);
      if (!row) return undefined;
      return {
        ...p,
        instanceFamily: str(row, "instance_family") ?? p.instanceFamily,
        minNodes: num(row, "min_nodes") ?? p.minNodes,
        maxNodes: num(row, "max_nodes") ?? p.maxNodes,
        autoResume: bool(row, "auto_resume") ?? p.autoResume,
        autoSuspendSecs: num(row, "auto_suspend_secs") ?? p.autoSuspendSecs,
        comment: str(row, "comment"),
        state: str(row, "state"),
      };
    }
    case "ImageRepository": {
      const row = await lk.findOne(imageRepositorySql.show(p as any), p.name, `image repository ${id}`);
      if (!row) return undefined;
      const enc = up(str(row, "encryption"));
      return {
        ...p,
        // Only when the program chose one: an unset input means "Snowflake's default", and reading
        // the default back must not plan a replacement (which would lose every image).
        encryption: p.encryption !== undefined && (enc === "SNOWFLAKE_SSE" || enc === "SNOWFLAKE_FULL") ? enc : p.encryption,
        comment: str(row, "comment"),
        repositoryUrl: str(row, "repository_url") ?? p.repositoryUrl,
      };
    }
    case "ExternalAccessIntegration": {
      const row = await lk.findOne(externalAccessIntegrationSql.show(p.name), p.name, `external access integration ${id}`);
      if (!row) return undefined;
      const desc = await lk.run(externalAccessIntegrationSql.describe(p.name));
      const prop = (name: string) => desc.find((r) => up(r.property) === name);
      return {
        ...p,
        enabled: bool(row, "enabled") ?? p.enabled,
        comment: str(row, "comment"),
        allowedNetworkRules: identList(prop("ALLOWED_NETWORK_RULES"), "property_value") ?? p.allowedNetworkRules,
        allowedAuthenticationSecrets: identList(prop("ALLOWED_AUTHENTICATION_SECRETS"), "property_value") ?? p.allowedAuthenticationSecrets,
      };
    }
    case "Service": {
      const row = await lk.findOne(serviceSql.show(p as any), p.name, `service ${id}`);
      if (!row) return undefined;
      const live: Props = {
        ...p,
        computePool: str(row, "compute_pool") ?? p.computePool,
        minInstances: num(row, "min_instances") ?? p.minInstances,
        maxInstances: num(row, "max_instances") ?? p.maxInstances,
        minReadyInstances: p.minReadyInstances === undefined ? undefined : (num(row, "min_ready_instances") ?? p.minReadyInstances),
        autoResume: bool(row, "auto_resume") ?? p.autoResume,
        autoSuspendSecs: num(row, "auto_suspend_secs") ?? p.autoSuspendSecs,
        queryWarehouse: str(row, "query_warehouse"),
        comment: str(row, "comment"),
        externalAccessIntegrations: identList(row, "external_access_integrations") ?? p.externalAccessIntegrations,
        createdOn: str(row, "created_on"),
        dnsName: str(row, "dns_name") ?? p.dnsName,
      };
      const desc = (await lk.run(serviceSql.describe(p as any)))[0];
      live.dnsName = str(desc, "dns_name") ?? live.dnsName;
      // DESC shows the spec only to the owner role; without it there is nothing to compare.
      const remote = str(desc, "spec");
      if (remote !== undefined) {
        const reading = readLiveSpec(remote, p);
        if (reading.drift) Object.assign(live, { specText: reading.specText, specDigest: reading.specDigest, specification: reading.specification });
      }
      live.ingressUrls = (await waiter.ingressUrls(p, live.specification, 0)) ?? p.ingressUrls;
      return live;
    }
    case "JobService": {
      const rows = await lk.run(jobServiceSql.describe(p as any)).catch(async (e) => {
        if (!isDoesNotExistOrNotAuthorized(e)) throw e;
        // Gone only if the schema's SHOW SERVICES (jobs included) confirms it.
        const row = await lk.findOne(serviceSql.show(p as any), p.name, `job service ${id}`);
        if (row) throw new NotVisibleError(`job service ${id} is listed but cannot be described`, e);
        return [] as Row[];
      });
      // Job metadata is kept for a limited time (14 days per
      // https://docs.snowflake.com/en/sql-reference/sql/execute-job-service); a purged
      // job is not re-run by refresh + up: we keep it in state and say so.
      if (rows.length === 0) return { ...p, status: "PURGED" };
      return { ...p, status: str(rows[0], "status") };
    }
    case "ServiceFunction": {
      const rows = await lk.run(serviceFunctionSql.show(p as any)).catch((e) => {
        throw isDoesNotExistOrNotAuthorized(e) ? new NotVisibleError(`service function ${id}`, e) : e;
      });
      const want = functionArgTypes(p as any)
        .split(", ")
        .filter(Boolean)
        .map((t) => t.replace(/\(.*\)$/, ""));
      const row = rows.find((r) => {
        const m = /^(.+?)\((.*)\) RETURN /i.exec(String(r.arguments ?? ""));
        if (!m || up(m[1]) !== p.name) return false;
        const got = m[2].trim() === "" ? [] : m[2].split(/,(?![^(]*\))/).map((t) => up(t.trim()).replace(/\(.*\)$/, ""));
        return got.length === want.length && got.every((t, i) => t === want[i]);
      });
      if (!row) return undefined;
      return { ...p, comment: str(row, "description") === "user-defined function" ? p.comment : (str(row, "description") ?? p.comment), signature: id };
    }
    case "ServiceRoleGrant": {
      const rows = await lk.run(serviceRoleGrantSql.showGrantsOf(p as any)).catch(async (e) => {
        if (!isDoesNotExistOrNotAuthorized(e)) throw e;
        // The grant is gone with its service, once SHOW SERVICES confirms the service is gone.
        if (await lk.serviceExists(p.service, `service ${p.service} of grant ${id}`)) throw new NotVisibleError(`grants of service role ${p.service}!${p.serviceRole}`, e);
        return undefined;
      });
      const granted = rows?.some((r) => up(r.grantee_name) === p.toRole && (r.granted_to === undefined || up(r.granted_to) === "ROLE"));
      return granted ? { ...p } : undefined;
    }
  }
}
