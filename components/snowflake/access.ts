/**
 * Platform access: the runtime role and who gets it, the warehouse, database, schemas and stage,
 * and the grants SPCS needs. Least privilege: the role gets USAGE and the CREATE privileges for the
 * object kinds it owns, never OWNERSHIP of account objects or ALL PRIVILEGES.
 */
import * as pulumi from "@pulumi/pulumi";
import * as snowflake from "@pulumi/snowflake";
import type { RoleProviders } from "./providers";

export interface PlatformAccessArgs {
  /** The platform (runtime) role: owns the SPCS schema objects and runs the services. Snowflake: `CREATE ROLE`. */
  roleName: string;
  /** Users granted the role (`GRANT ROLE … TO USER`). @default [] */
  grantToUsers?: string[];
  /** Roles granted the role (`GRANT ROLE … TO ROLE`); SYSADMIN keeps the hierarchy. @default ["SYSADMIN"] */
  grantToRoles?: string[];
  warehouse: {
    /** `CREATE WAREHOUSE <name>`. */
    name: string;
    /** WAREHOUSE_SIZE. @default "XSMALL" */
    size?: string;
    /** AUTO_SUSPEND seconds. @default 60 */
    autoSuspendSecs?: number;
    /** AUTO_RESUME. @default true */
    autoResume?: boolean;
    /** INITIALLY_SUSPENDED. @default true */
    initiallySuspended?: boolean;
  };
  /** `CREATE DATABASE <database>`. */
  database: string;
  /** Schemas; the first is the platform schema that holds the SPCS objects. */
  schemas: string[];
  /** Stage for specs and artifacts, in the platform schema (`DIRECTORY = (ENABLE = TRUE)`, SSE-encrypted). */
  stageName: string;
  /** GRANT BIND SERVICE ENDPOINT ON ACCOUNT: needed only for public endpoints. @default false */
  bindServiceEndpoint?: boolean;
  /** Keep the database when it leaves the config or the stack is destroyed (`retainOnDelete` + `protect`). @default false */
  protectData?: boolean;
  /** Providers per role: `admin` creates and grants the role and account privileges; `sysadmin` creates warehouse/database/schemas; `platform` creates the stage. */
  providers: { admin: RoleProviders; sysadmin: RoleProviders; platform: RoleProviders };
}

/** Schema privileges the platform role needs to create what it owns (Snowflake access-control reference). */
export const PLATFORM_SCHEMA_PRIVILEGES = [
  "USAGE",
  "CREATE SERVICE",
  "CREATE FUNCTION",
  "CREATE IMAGE REPOSITORY",
  "CREATE STAGE",
  "CREATE NETWORK RULE",
  "CREATE SECRET",
] as const;

export class PlatformAccess extends pulumi.ComponentResource {
  readonly roleName: pulumi.Output<string>;
  readonly warehouseName: pulumi.Output<string>;
  readonly databaseName: pulumi.Output<string>;
  /** Schema names, platform schema first. */
  readonly schemaNames: pulumi.Output<string>[];
  readonly stageName: pulumi.Output<string>;
  readonly role: snowflake.AccountRole;
  readonly database: snowflake.Database;
  readonly platformSchema: snowflake.Schema;
  /** Resources the platform role's objects must wait for (role, grants, schema). */
  readonly ready: pulumi.Resource[];

  constructor(name: string, args: PlatformAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("llmstack:snowflake:PlatformAccess", name, {}, opts);
    const { admin, sysadmin, platform } = args.providers;
    const as = (p: RoleProviders, extra: pulumi.CustomResourceOptions = {}) => ({ parent: this, provider: p.snowflake, ...extra });
    const protect = args.protectData ? { protect: true, retainOnDelete: true } : {};

    // CREATE ROLE is a USERADMIN/SECURITYADMIN privilege, not SYSADMIN's: the admin role creates and grants it.
    this.role = new snowflake.AccountRole(`${name}-role`, { name: args.roleName, comment: "llmstack platform role" }, as(admin));
    const roleGrants = [
      ...(args.grantToUsers ?? []).map((u) => new snowflake.GrantAccountRole(`${name}-role-to-user-${u.toLowerCase()}`, { roleName: this.role.name, userName: u }, as(admin))),
      ...(args.grantToRoles ?? ["SYSADMIN"]).map(
        (r) => new snowflake.GrantAccountRole(`${name}-role-to-role-${r.toLowerCase()}`, { roleName: this.role.name, parentRoleName: r }, as(admin)),
      ),
    ];

    const wh = args.warehouse;
    const warehouse = new snowflake.Warehouse(
      `${name}-warehouse`,
      {
        name: wh.name,
        warehouseSize: wh.size ?? "XSMALL",
        autoSuspend: wh.autoSuspendSecs ?? 60,
        autoResume: String(wh.autoResume ?? true),
        initiallySuspended: wh.initiallySuspended ?? true,
        comment: "llmstack: service functions and admin queries",
      },
      as(sysadmin),
    );
    this.database = new snowflake.Database(`${name}-database`, { name: args.database, comment: "llmstack platform objects" }, as(sysadmin, protect));
    const schemas = args.schemas.map(
      (s) => new snowflake.Schema(`${name}-schema-${s.toLowerCase()}`, { database: this.database.name, name: s, comment: "llmstack" }, as(sysadmin, protect)),
    );
    this.platformSchema = schemas[0];

    const grant = (suffix: string, grantArgs: Omit<snowflake.GrantPrivilegesToAccountRoleArgs, "accountRoleName">, p: RoleProviders, dependsOn: pulumi.Resource[] = []) =>
      new snowflake.GrantPrivilegesToAccountRole(`${name}-grant-${suffix}`, { accountRoleName: this.role.name, ...grantArgs }, as(p, { dependsOn }));

    const grants = [
      grant("warehouse-usage", { privileges: ["USAGE"], onAccountObject: { objectType: "WAREHOUSE", objectName: warehouse.name } }, sysadmin),
      grant("database-usage", { privileges: ["USAGE"], onAccountObject: { objectType: "DATABASE", objectName: this.database.name } }, sysadmin),
      ...schemas.map((s, i) =>
        grant(
          `schema-${args.schemas[i].toLowerCase()}`,
          {
            privileges: i === 0 ? [...PLATFORM_SCHEMA_PRIVILEGES] : ["USAGE"],
            onSchema: { schemaName: pulumi.interpolate`"${this.database.name}"."${s.name}"` },
          },
          sysadmin,
        ),
      ),
    ];
    if (args.bindServiceEndpoint) {
      grants.push(grant("bind-service-endpoint", { privileges: ["BIND SERVICE ENDPOINT"], onAccount: true }, admin));
    }

    const stage = new snowflake.Stage(
      `${name}-stage`,
      {
        database: this.database.name,
        schema: this.platformSchema.name,
        name: args.stageName,
        directory: "ENABLE = true",
        // SPCS mounts and reads specs only from server-side encrypted internal stages.
        encryption: "TYPE = 'SNOWFLAKE_SSE'",
        comment: "llmstack specs and artifacts",
      },
      as(platform, { dependsOn: [...grants, ...roleGrants] }),
    );

    this.roleName = this.role.name;
    this.warehouseName = warehouse.name;
    this.databaseName = this.database.name;
    this.schemaNames = schemas.map((s) => s.name);
    this.stageName = stage.name;
    this.ready = [this.role, ...roleGrants, ...grants, this.platformSchema];
    this.registerOutputs({ roleName: this.roleName, warehouseName: this.warehouseName, databaseName: this.databaseName, stageName: this.stageName });
  }
}
