/**
 * FAKE SNOWFLAKE: how a service or job moves through its states as time (statements) passes.
 *
 * Sources: Snowflake-Labs/terraform-provider-snowflake pkg/sdk/testint/services_integration_test.go
 * (a new or resumed service is PENDING; ALTER … SUSPEND shows SUSPENDING; spec_digest is set and
 * is_upgrading FALSE after CREATE); https://docs.snowflake.com/en/sql-reference/sql/show-service-containers-in-service
 * (container statuses PENDING, READY, DONE, FAILED; while the service is PENDING or SUSPENDED the
 * instance and container columns are NULL, review U4); https://docs.snowflake.com/en/developer-guide/native-apps/container-upgrade
 * (ALTER SERVICE … FROM SPECIFICATION "runs asynchronously") and
 * https://docs.snowflake.com/en/release-notes/bcr-bundles/2024_06/bcr-1717-1723 (IS_UPGRADING "TRUE, if
 * Snowflake is in the process of upgrading the service"; a change of SPEC_DIGEST means "the service was
 * upgraded").
 *
 * Assumptions where nothing is documented, kept visible: the upgrade switches the running spec,
 * spec_digest and is_upgrading together when it starts; a crash-looping container shows FAILED while
 * the service stays RUNNING (the provider handles a FAILED service as well); an image whose name
 * contains "broken" crashes.
 */
import { createHash } from "node:crypto";
import { parse as parseYaml } from "yaml";
import type { Catalog, Svc } from "./catalog";

export const specDigestOf = (specText: string) => createHash("sha256").update(specText).digest("hex");

/** (Re)starts a service's instances: PENDING, no container rows, then containers pulling images. */
export function startService(cat: Catalog, s: Svc): void {
  s.status = "PENDING";
  s.containers = [];
  s.pendingUntil = cat.tick + cat.o.servicePendingTicks;
  if (!s.isJob) s.ingressAt = s.pendingUntil + cat.o.containerPendingTicks + cat.o.ingressPendingTicks;
}

/** Pool SUSPEND or ALTER SERVICE … SUSPEND: no instances run. */
export function suspendService(s: Svc): void {
  s.status = "SUSPENDED";
  s.containers = [];
  s.isUpgrading = false;
}

function spawnContainers(cat: Catalog, s: Svc): void {
  s.containers = [];
  for (let i = 0; i < s.minInstances; i++) {
    for (const c of s.spec?.spec?.containers ?? []) {
      s.containers.push({ instance: i, name: c.name, image: c.image, status: "PENDING", message: "Pulling image", until: cat.tick + cat.o.containerPendingTicks });
    }
  }
}

/** Moves every service and job forward to the catalog's current tick. */
export function advanceServices(cat: Catalog): void {
  for (const s of cat.services.values()) {
    if (s.pendingUpgrade && cat.tick >= s.pendingUpgrade.startAt && s.status !== "SUSPENDED") {
      s.specText = s.pendingUpgrade.specText;
      s.spec = parseYaml(s.specText);
      s.pendingUpgrade = undefined;
      s.isUpgrading = true;
      spawnContainers(cat, s);
    }
    if (s.status === "PENDING" && s.containers.length === 0 && cat.tick >= s.pendingUntil) {
      spawnContainers(cat, s);
      if (s.isJob) s.status = "RUNNING";
    }
    for (const c of s.containers) {
      if (cat.tick < c.until) continue;
      if (c.status === "PENDING") {
        if (c.image.includes("broken")) Object.assign(c, { status: "FAILED", message: "Back-off restarting failed container: exit code 1" });
        else Object.assign(c, { status: "READY", message: "Running", until: cat.tick + cat.o.jobRunTicks });
      } else if (c.status === "READY" && s.isJob) {
        Object.assign(c, { status: "DONE", message: "Completed successfully" });
      }
    }
    if (s.containers.length === 0) continue;
    if (s.isJob) {
      if (s.containers.some((c) => c.status === "FAILED")) s.status = "FAILED";
      else if (s.containers.every((c) => c.status === "DONE")) s.status = "DONE";
    } else if (s.containers.every((c) => c.status === "READY")) {
      s.status = "RUNNING";
      s.isUpgrading = false;
    } else if (s.status === "PENDING" && s.containers.every((c) => c.status !== "PENDING")) {
      s.status = "RUNNING";
    }
  }
  for (let i = cat.deleting.length - 1; i >= 0; i--) if (cat.tick >= cat.deleting[i].until) cat.deleting.splice(i, 1);
}
