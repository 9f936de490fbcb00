/**
 * Every error code the host raises, in one table: the HTTP status it answers with, why it happens
 * and how to fix it. `HubError` takes its default status and hint from here, the docs'
 * troubleshooting table is rendered from it (`pnpm docs:errors`), and a test fails when the code
 * raises a `HUB_*` code that is not here. Modules may raise codes of their own
 * (`HUB_<MODULE>_*`); those belong in the module's README.
 */
type Entry = readonly [status: number, why: string, fix: string];

const catalog = {
  // --- requests and authentication ------------------------------------------------------------
  HUB_AUTH_REQUIRED: [401, 'The request has no valid login: no bearer token, or one that is unknown.', 'Send "Authorization: Bearer <token>"; POST /api/v1/auth/login gives one.'],
  HUB_LOGIN_FAILED: [401, 'The email or the password is wrong.', 'Check both; repeated failures are rate-limited.'],
  HUB_RATE_LIMITED: [429, 'Too many failed logins for this email or address.', 'Wait for the window to pass, or ask an administrator to reset the password.'],
  HUB_TOKEN_INVALID: [401, 'The Authorization header is not "Bearer <token>" or the token is unknown.', 'Log in again and send the token it gives.'],
  HUB_TOKEN_EXPIRED: [401, 'The bearer token has expired.', 'Log in again, or create a new API token.'],
  HUB_TOKEN_REVOKED: [401, 'The bearer token was revoked.', 'Log in again, or create a new API token.'],
  HUB_TOKEN_NOT_FOUND: [404, 'No active token with that id belongs to you.', 'List your tokens and pass the id of an active one.'],
  HUB_USER_INACTIVE: [401, 'The user is deactivated.', 'Ask an administrator to activate the user again.'],
  HUB_PERMISSION_DENIED: [403, 'The user lacks a permission the request needs.', 'Ask an administrator to give one of your roles the permission named in the message.'],
  HUB_EMAIL_INVALID: [400, 'The email address is not one base accepts (the same rule for POST /users, PATCH /users and HUB_ADMIN_EMAIL).', 'Give an address like name@example.com: the domain needs a dot and a top-level name of two letters or more.'],
  HUB_SUPERUSER_REQUIRED: [403, 'Only a superuser may do this.', 'Log in as an administrator.'],
  HUB_REQUEST_INVALID: [400, 'The request does not have the expected shape.', 'Fix the fields listed in the details; the API docs at /api/docs show the expected shape.'],
  HUB_BAD_REQUEST: [400, 'The request could not be read.', 'Send a well-formed HTTP request with a JSON body.'],
  HUB_BODY_INVALID_JSON: [400, 'The request body is not valid JSON.', 'Send a JSON body with "content-type: application/json".'],
  HUB_BODY_TOO_LARGE: [413, 'The request body is larger than the server accepts.', 'Send a smaller body; upload module archives through POST /api/v1/modules/upload.'],
  HUB_NOT_FOUND: [404, 'Nothing answers at this path.', 'Check the path and the module prefix; GET /api/v1/modules lists what is mounted.'],
  HUB_UPLOAD_INVALID: [400, 'The upload is not a multipart form with one file field.', 'Send the archive as a multipart form field named "file" (curl -F file=@module.zip).'],
  HUB_INTERNAL: [500, 'An unexpected error in the host.', 'See the server log (the request id is in the answer); set HUB_DEBUG=1 in the CLI for the stack.'],
  HUB_MODULE_ERROR: [500, 'A module\'s route handler threw.', 'See the server log for the module\'s error and fix the module; the host keeps serving.'],
  HUB_MODULE_READ_ONLY: [403, 'The module is switched read-only on this host (MODULES__<NAME>__READ_ONLY).', 'Unset MODULES__<NAME>__READ_ONLY and restart the host to allow changes.'],

  // --- users and roles (base) --------------------------------------------------------------------
  HUB_USER_EXISTS: [409, 'A user with that email already exists.', 'Use another email, or update the existing user.'],
  HUB_USER_NOT_FOUND: [404, 'No such user.', 'Create it with `hub user create --email ... --password ...`, or check the id.'],
  HUB_PASSWORD_WRONG: [400, 'The current password given to change one\'s own password is wrong.', 'Give your current password; an administrator can reset it instead.'],
  HUB_USER_SELF_DELETE: [409, 'A user cannot delete or deactivate themselves.', 'Log in as another administrator.'],
  HUB_ROLE_EXISTS: [409, 'A role with that name already exists.', 'Use another name, or edit the existing role.'],
  HUB_ROLE_NOT_FOUND: [404, 'No such role.', 'List the roles and pass an existing id.'],
  HUB_BASE_MISSING: [500, 'The host has no base module (@hub/module-base) among its dependencies.', 'Add "@hub/module-base" to the host package.json dependencies and install it.'],
  HUB_BASE_NOT_INSTALLED: [409, 'The base module is not installed, so there are no users or tokens yet.', 'Start the server once (it installs base), or run `hub module install base`.'],
  HUB_BASE_REQUIRED: [409, 'The base module cannot be uninstalled or disabled: every other module relies on it.', 'Leave base installed; uninstall the other modules instead.'],

  // --- discovery and packages ------------------------------------------------------------------
  HUB_MODULE_NOT_FOUND: [404, 'No discovered module has that name.', 'Add it to the host (`pnpm add @hub/module-<name>`) or put its folder in ADDONS_PATHS, then retry.'],
  HUB_MODULE_NAME_INVALID: [400, 'The module name is not lowercase letters, digits and _, or is reserved.', 'Use a name like my_module (starting with a letter) that is not reserved, in package.json "hub.module".'],
  HUB_MODULE_NAME_MISMATCH: [400, 'package.json "hub.module" and the package name disagree.', 'Make them agree, e.g. @hub/module-<name> with "hub": { "module": "<name>" }.'],
  HUB_MODULE_DUPLICATE: [400, 'Two folders hold a module of the same name.', 'Remove one copy: the host\'s dependencies come first, then ADDONS_PATHS in order.'],
  HUB_MODULE_DEFINITION_INVALID: [400, 'The module\'s defineModule() manifest is malformed.', 'Fix the field named in the message; docs/modules.md describes each field.'],
  HUB_MODULE_FOLDER_MISMATCH: [400, 'The module\'s folder name is neither the module name nor the package name.', 'Rename the folder to the module name.'],
  HUB_PACKAGE_JSON_INVALID: [400, 'A module\'s package.json cannot be read or lacks name, version or hub.module.', 'Fix the package.json (valid JSON, "name", "version" and "hub.module").'],
  HUB_PACKAGE_NOT_FOUND: [400, 'A package listed in the host package.json is not installed on disk.', 'Run `pnpm install` in the host folder.'],
  HUB_PACKAGE_DEPENDENCY_MISSING: [400, 'A module needs an npm package that cannot be resolved from its folder.', 'Add the package to the host (`pnpm add <package>`) or bundle it in the module.'],
  HUB_VERSION_INVALID: [400, 'A module\'s version is not semver.', 'Set package.json "version" to a semver version such as 1.0.0.'],
  HUB_MODULE_DOWNGRADE: [409, 'The module\'s code is older than the installed version.', 'Use the installed version or a newer one; downgrades go through `hub module rollback`.'],
  HUB_ENTRY_MISSING: [400, 'The module\'s entry file does not exist.', 'Build the module (`pnpm build`) or fix "exports"/"main" in its package.json.'],
  HUB_README_MISSING: [400, 'The module has no README.', 'Add a README.md that says what the module does and how to configure it.'],
  HUB_MODULE_LOAD_FAILED: [500, 'The module\'s entry could not be imported or does not export a defineModule() manifest.', 'Build the module and make its entry `export default defineModule({...})` from @hub/kit.'],
  HUB_MODULE_CONFIG_INVALID: [500, 'The module\'s MODULES__<NAME>__<KEY> settings do not pass its config schema.', 'Set or fix the environment variables named in the message and restart the host.'],
  HUB_MODULE_BUILD_FAILED: [500, 'Under `hub dev`, the module\'s last save did not build; its previous code keeps serving.', 'Fix the error the message names (file:line) and save again.'],
  HUB_MODULE_MOUNT_FAILED: [500, 'The module\'s routes() threw or returned something that is not a router.', 'Fix the module\'s routes(); the message has its error.'],

  // --- dependency graph and validation ------------------------------------------------------
  HUB_DEPENDENCY_MISSING: [400, 'A module depends on a module that is not discovered.', 'Add the missing module to the host, or remove the dependency.'],
  HUB_DEPENDENCY_CYCLE: [400, 'Modules depend on each other in a cycle.', 'Break the cycle: move the shared part into a module both depend on.'],
  HUB_HOST_RANGE_MISMATCH: [400, 'The module\'s peer range on @hub/kit does not include this host\'s @hub/kit.', 'Install a version of the module made for this host (`hub module install` names one), or update the host.'],
  HUB_EXTERNAL_BIN_MISSING: [400, 'A program the module declares in externalDependencies.bin is not on PATH.', 'Install the program on every machine of the host.'],
  HUB_EXTERNAL_NPM_MISSING: [400, 'An npm package the module declares in externalDependencies.npm is not installed.', 'Add the package to the host (`pnpm add <package>`).'],
  HUB_ROUTE_CONFLICT: [409, 'Another module already serves this API prefix.', 'Give the module another apiPrefix, or uninstall the module that holds it.'],
  HUB_ROUTE_INVALID: [400, 'A route declaration is malformed: public and needing a permission at once, or a permission that is not a string.', 'A public route is answered without a login: drop `public` or `permission`; name permissions "<module>.<action>".'],
  HUB_ROUTE_PERMISSION_UNDECLARED: [400, 'A module route names a permission that neither its module nor the installed module it is named after declares; the module is not mounted.', 'Add the permission to `permissions` in defineModule, or fix its spelling; names are "<module>.<action>".'],
  HUB_ROUTER_UNREADABLE: [500, 'A module\'s routes are not an Express 5 router whose routes the host can check before they run; the module is not mounted.', 'Return a Router() from @hub/kit (Express 5) from `routes`.'],
  HUB_SCHEMA_SCOPE: [400, 'A table, enum or sequence of the module is outside its own PostgreSQL schema (in "public").', 'Declare every table, enum and sequence inside pgSchema("<module name>").'],
  HUB_SCHEMA_CONFLICT: [409, 'Two modules declare the same column, index or constraint differently.', 'Rename one of them; a module owns the columns it declares.'],
  HUB_SCHEMA_INVALID: [400, 'The module\'s Drizzle schema cannot be turned into a snapshot.', 'Fix the schema file named in the message.'],
  HUB_SCHEMA_NULLS: [409, 'Rows hold NULL in a column the new schema makes NOT NULL (or an identity): the upgrade would fail.', 'Fill those rows first (a migrations["<version>"].pre step runs before the schema change), or keep the column nullable.'],
  HUB_SCHEMA_RENAME_UNKNOWN: [422, 'A rename hint in `renames` names nothing in the module\'s schema, old name or new.', 'Fix the hint (old name -> new name of a table, column, enum, enum value or sequence) or remove it.'],
  HUB_SCHEMA_DIFF: [500, 'The schema diff between the stored snapshot and the code failed.', 'Check the module\'s schema and rename hints; the message has drizzle-kit\'s reason.'],
  HUB_EXTENSION_NOT_A_DEPENDENCY: [400, 'A module adds columns to a table of a module it does not depend on.', 'Add the owner module to its dependencies.'],
  HUB_EXTENSION_COLUMN_CONFLICT: [409, 'An extension column has the name of a column another module owns.', 'Rename the extension column (prefix it with the module name).'],
  HUB_EXTENSION_TABLE_MISSING: [400, 'A module extends a table that its owner does not declare.', 'Extend one of the owner module\'s tables, with the same table name.'],
  HUB_PG_EXTENSION_INVALID: [400, 'The "extensions" field of a module\'s package.json "hub" is not a list of PostgreSQL extension names.', 'Write e.g. "hub": { "extensions": ["vector", "pg_trgm"] }: names as in CREATE EXTENSION, lower case.'],
  HUB_PG_EXTENSION_MISSING: [422, 'A module needs a PostgreSQL extension that the database server does not have (pg_available_extensions), or that the embedded database cannot load.', 'Install the extension on the database server (Debian: apt-get install postgresql-<major>-<extension>; pg_trgm, citext and others come with postgresql-contrib), or use a database that has it.'],
  HUB_PG_EXTENSION_PRIVILEGE: [422, 'A module needs a PostgreSQL extension that only a superuser may create, and the host\'s database user is not one.', 'Have a superuser run CREATE EXTENSION once in the host\'s database; Hub then uses it as it is.'],

  // --- lifecycle ---------------------------------------------------------------------------------------
  HUB_ALREADY_INSTALLED: [409, 'The module is already installed.', 'Use upgrade to move it to a newer version.'],
  HUB_NOT_INSTALLED: [409, 'The module is not installed (or not enabled).', 'Install it first (`hub module install <name>`).'],
  HUB_MODULE_DISABLED: [409, 'The module is disabled.', 'Enable it first (`hub module enable <name>`).'],
  HUB_HAS_DEPENDENTS: [409, 'Installed modules depend on the module being uninstalled or disabled.', 'Uninstall the dependents first, or pass cascade.'],
  HUB_NOT_A_DEPENDENCY: [500, 'A module asked for the services of a module it does not depend on.', 'Add the other module to its package.json dependencies.'],
  HUB_SERVICES_CYCLE: [500, 'A module\'s services were asked for while they were being built.', 'Call ctx.module() inside service functions, not while building the services object.'],
  HUB_WRAP_TARGET_MISSING: [500, 'A module wraps a service function that the other module does not have.', 'Wrap one of the service functions the message lists.'],
  HUB_DATA_LOSS: [409, 'The plan drops tables or columns, or narrows types, so data would be lost.', 'Review the plan; to go ahead apply with acceptDataLoss (a backup is taken first).'],
  HUB_DATA_LOSS_NOT_ACCEPTED: [409, 'The command would lose data and --accept-data-loss was not given.', 'Review the plan and pass --accept-data-loss (a backup is taken first).'],
  HUB_PLAN_CHANGED: [409, 'The plan changed since it was shown (its hash differs).', 'Show the plan again, review it, and apply with its new hash.'],
  HUB_PLAN_HASH_INVALID: [400, 'The plan hash given is too short.', 'Pass the hash the plan prints (12 characters) or the full hash.'],
  HUB_LOCK_TIMEOUT: [503, 'A statement waited too long for a lock held by another transaction.', 'Nothing was changed; retry when the long transaction has ended.'],
  HUB_APPLY_FAILED: [500, 'The operation failed and was rolled back.', 'Nothing was changed; the message has the cause.'],
  HUB_HOOK_FAILED: [500, 'A module hook or version step threw; the message has its reason (the database\'s, for a failed query).', 'Fix the hook; nothing was changed (the operation was rolled back).'],
  HUB_DDL_FAILED: [500, 'A schema statement failed; the message has the database\'s reason.', 'Fix the module\'s schema (or the rows that violate it); nothing was changed.'],
  HUB_MODULE_PERMISSION_DENIED: [500, 'Module code (a hook, version step, data file, route or service) used something its database role is not granted: the message names the module, the object and the privilege.', 'Use the module\'s own schema; depend on the module whose tables it reads; declare writes to a dependency\'s tables in defineModule({ access: { grants } }). hub, public, DDL and other modules\' secret columns are never granted.'],
  HUB_MODULE_STATEMENT_REFUSED: [500, 'Module code sent a statement that would leave its database role or end the host\'s transaction (SET ROLE, RESET ROLE, set_config, DISCARD, COMMIT, ...).', 'Remove the statement; use db.transaction() for a transaction of the module\'s own.'],
  HUB_MODULE_VIEW_DENIED: [422, 'A view or materialized view in the module\'s schema reads a table or column the module\'s database role may not read (views run with the rights of their reader, and every definition is checked as the module\'s role).', 'Select only from the module\'s own schema and the modules it depends on, without their secret columns; declare more in defineModule({ access }).'],
  HUB_MODULE_ACCESS_INVALID: [400, 'access.grants names a table of a module it does not depend on, or a table that does not exist.', 'Add the module that owns the table to the dependencies in package.json, or fix the "schema.table" name.'],
  HUB_MODULE_ROLE_UNSAFE: [409, 'A database role with the module\'s role name exists and can log in or is privileged, or PUBLIC may create objects in schema public.', 'ALTER ROLE <role> NOLOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB NOREPLICATION NOBYPASSRLS, or REVOKE CREATE ON SCHEMA public FROM PUBLIC, then retry.'],
  HUB_DATA_FILE_INVALID: [422, 'A module\'s data file is malformed or does not fit its tables.', 'Fix the data file: { "records": [ { "table": "<table>", "rows": [...], "key": "<unique column>" } ] }.'],
  HUB_NOTHING_TO_ROLLBACK: [409, 'The module has no applied migration left to roll back.', 'See its migrations with `hub module show-migrations <name>`.'],
  HUB_OPTION_INVALID: [400, 'An option has a value of the wrong form.', 'Pass the value in the form the message names.'],
  HUB_OPERATION_NOT_FOUND: [404, 'No operation with that id.', 'List the operations (GET /api/v1/operations); the audit log keeps every one.'],
  HUB_OPERATION_FAILED: [500, 'A lifecycle operation failed.', 'See the operation\'s error; nothing was changed.'],
  HUB_OPERATION_INTERRUPTED: [500, 'The instance running an operation stopped (killed, crashed) before the operation ended; it will never end.', 'A change that had not committed was rolled back; the audit log and GET /api/v1/modules show what the database has now.'],

  // --- backups -------------------------------------------------------------------------------------------
  HUB_BACKUP_NOT_FOUND: [404, 'No backup with that id or path.', 'List the module\'s backups (`hub module backup <name> --list`) and pass an existing one.'],
  HUB_BACKUP_INVALID: [400, 'A backup folder is incomplete or its manifest is unreadable.', 'Restore from another backup; do not edit backup folders by hand.'],
  HUB_BACKUP_TABLE_NOT_FOUND: [404, 'The backup has no such table.', 'Pick one of the tables its manifest lists.'],
  HUB_BACKUP_UNMAPPED: [409, 'The backup holds columns or tables the current schema has no place for (dropped since the backup).', 'Upgrade or roll back to a schema that has them, or restore with acceptUnmapped (--accept-unmapped) to leave them out.'],
  HUB_BACKUP_RESTORE_REFERENCED: [409, 'The restore would delete rows (not in the backup) that rows of another table still reference.', 'Delete or re-point the referencing rows first, then restore again; nothing was changed.'],

  // --- archives ---------------------------------------------------------------------------------------
  HUB_ARCHIVE_NOT_AN_ARCHIVE: [415, 'The upload is neither a zip nor a gzip-compressed tar.', 'Upload a .zip or a .tgz made by npm pack / pnpm pack (the file is judged by its bytes, not its name).'],
  HUB_ARCHIVE_CORRUPT: [400, 'The archive cannot be read.', 'The file is truncated or damaged: create the archive again and re-upload it.'],
  HUB_ARCHIVE_TOO_LARGE: [413, 'The archive is larger than the upload limit.', 'Upload a smaller archive: leave out node_modules, sources and test data (npm pack honours "files").'],
  HUB_ARCHIVE_UNCOMPRESSED_TOO_LARGE: [413, 'The archive unpacks to more than the limit.', 'Keep the unpacked module under the limit: ship only the built files.'],
  HUB_ARCHIVE_TOO_MANY_ENTRIES: [413, 'The archive has more entries than the limit.', 'Ship fewer files: bundle the build, leave out node_modules and tests.'],
  HUB_ARCHIVE_TOP_FOLDER: [422, 'The archive must hold exactly one top-level folder with the module.', 'Zip the module folder itself (zip -r contacts.zip contacts) or use npm pack, so the archive has exactly one top-level folder.'],
  HUB_ARCHIVE_PACKAGE_JSON_MISSING: [422, 'The archive has no package.json in its top folder.', 'Put package.json directly inside the top-level folder.'],
  HUB_ARCHIVE_PACKAGE_JSON_TOO_LARGE: [413, 'The archive\'s package.json is larger than the limit.', 'Trim package.json (it holds metadata only).'],
  HUB_ARCHIVE_PACKAGE_JSON_INVALID: [422, 'The archive\'s package.json is not valid or points outside the package.', 'Fix package.json: it must be a JSON object with a valid "name", and "exports"/"main" inside the package.'],
  HUB_ARCHIVE_MODULE_NAME_INVALID: [422, 'The archive\'s package.json has no valid, unreserved "hub.module".', 'Set package.json "hub": { "module": "<name>" } with a name matching ^[a-z][a-z0-9_]*$ that is not reserved.'],
  HUB_ARCHIVE_MODULE_NAME_MISMATCH: [422, 'The archive\'s top folder and its "hub.module" disagree.', 'Name the zip\'s top-level folder exactly as package.json "hub.module" (or use npm pack).'],
  HUB_ARCHIVE_VERSION_INVALID: [422, 'The archive\'s package.json version is not semver.', 'Set package.json "version" to a semantic version such as 1.2.3.'],
  HUB_ARCHIVE_DOWNGRADE: [409, 'The archive holds an older version than the one installed.', 'Upload a version at least as new as the installed one, or uninstall the module first.'],
  HUB_ARCHIVE_EXISTS: [409, 'That module is uploaded already, or the host has a module of that name (a dependency or an ADDONS_PATHS folder).', 'Pass replace=true (CLI: --replace) to replace an uploaded module; a module of the host cannot be replaced by an upload.'],
  HUB_UPLOAD_PACKAGE_MISSING: [422, 'The uploaded module imports a package that the host does not provide and the archive does not bundle (the host provides @hub/kit, drizzle-orm, express, zod and the modules a module depends on).', 'Bundle the package into the module\'s build (tsup noExternal) or ship it in the archive\'s node_modules; for another Hub module, list it in package.json dependencies.'],
  HUB_UPLOAD_LOAD_FAILED: [422, 'The uploaded module\'s entry does not import in this host, or does not export a defineModule() manifest with its name.', 'Fix the error the message names and upload the archive again; nothing was kept.'],
  HUB_ARCHIVE_ENTRY_MISSING: [422, 'The module\'s entry file is not in the archive.', 'Build the module before packing it, and check "exports"/"main" in package.json (and "files" when using npm pack).'],
  HUB_ARCHIVE_ENTRY_UNSUPPORTED: [415, 'An archive entry is encrypted or of an unknown type.', 'Re-create the archive without encryption, with deflate or no compression (npm pack or zip -r).'],
  HUB_ARCHIVE_LINK_NOT_ALLOWED: [400, 'An archive entry is a link or a device.', 'Replace symlinks and hard links by the files themselves; archives may hold only regular files and folders.'],
  HUB_ARCHIVE_DUPLICATE_ENTRY: [400, 'An archive entry appears twice (or differs only in case).', 'Re-create the archive so each path appears once.'],
  HUB_ARCHIVE_PATH_TRAVERSAL: [400, 'An archive entry contains "..".', 'Build the archive from the module folder with a standard tool (npm pack, zip -r); entries may not contain "..".'],
  HUB_ARCHIVE_ABSOLUTE_PATH: [400, 'An archive entry is an absolute path.', 'Use relative paths in the archive (no leading "/", no drive letter such as C:).'],
  HUB_ARCHIVE_PATH_INVALID: [400, 'An archive entry\'s name has a control character or is too long.', 'Rename the file: no control characters, each path segment at most 255 bytes, the whole path at most 1024.'],
  HUB_ARCHIVE_FILE_NOT_FOUND: [400, 'There is no file to take in at the given path.', 'Pass the path of an existing .zip or .tgz file.'],
  HUB_INTAKE_FAILED: [500, 'Reading the uploaded file failed on the server.', 'Check free disk space and permissions of the addons and temporary folders.'],

  // --- several instances ----------------------------------------------------------------------
  HUB_MODULE_CODE_MISSING: [500, 'The uploaded code an installed module runs is not in the database, or could not be made into this instance\'s cache.', 'Check that the data folder (HUB_DATA_DIR/modules) is writable; upload the module again if its code was deleted from the database.'],
  HUB_MODULE_CODE_CORRUPT: [500, 'The uploaded code kept in the database does not hash to its sha256: it is not used.', 'Upload the module again (the database copy was changed outside the host).'],
  HUB_MODULE_VERSION_SKEW: [503, 'This instance runs another version of the module\'s code than the database has, and that version cannot serve it (a breaking upgrade, or code newer than the database).', 'Deploy the module version the database has on every instance (health lists each instance\'s code versions), or upgrade the database to this code.'],
  HUB_MODULE_CHANGING: [503, 'A change that removes something from this module (uninstall, disable, rollback, a destructive upgrade) is running; its routes are out of service on every instance meanwhile.', 'Retry after the seconds in the Retry-After header.'],
  HUB_WORKERS_INVALID: [400, '--workers / HUB_WORKERS is not a whole number from 1 to 64.', 'Pass e.g. --workers 2, or unset HUB_WORKERS for one process.'],
  HUB_WORKERS_NEED_POSTGRES: [400, 'Several workers were asked for on the embedded database, which one process owns.', 'Set DATABASE_URL to a PostgreSQL database, or run one process.'],

  // --- CLI --------------------------------------------------------------------------------------------
  HUB_USAGE: [400, 'The command was called with missing or wrong arguments.', 'See `hub <command> --help`.'],
  HUB_CONFIRMATION_REQUIRED: [400, 'The command needs a confirmation and there is no terminal to ask on.', 'Pass --yes to run it without asking.'],
  HUB_DATA_DIR_LOCKED: [409, 'The embedded database is in use by another process.', 'Wait for it, stop that server, use another HUB_DATA_DIR, or set DATABASE_URL.'],
  HUB_SERVER_TOKEN_REQUIRED: [401, 'A running server holds the embedded database and no token was given to go through it.', 'Set HUB_TOKEN (from `hub token create`) or pass --token, or stop the server.'],
  HUB_SERVER_UNREACHABLE: [503, 'The hub server cannot be reached.', 'Check that it runs (`hub serve`) and HUB_URL.'],
  HUB_SERVER_MISSING: [500, '@hub/server cannot be loaded in the host.', 'Add it to the host: `pnpm add @hub/server`.'],
  HUB_ENGINE_MISSING: [500, '@hub/core in the host does not have what the CLI needs.', 'Update @hub/core in the host and rebuild.'],
  HUB_NOT_SUPPORTED: [400, 'The host\'s @hub/core is too old for this command.', 'Update @hub/core in the host.'],
  HUB_TARGET_EXISTS: [409, 'The target folder exists and is not empty.', 'Choose another name or --dir.'],
  HUB_TEMPLATE_MISSING: [500, 'The module template is not where the CLI expects it.', 'Reinstall @hub/cli.'],
  HUB_PNPM_FAILED: [500, 'A pnpm command the CLI ran failed.', 'Run the pnpm command yourself to see its whole output.'],

  // --- API client (@hub/api) ---------------------------------------------------------------------
  HUB_NETWORK: [503, 'The client got no answer from the hub (status 0: connection refused, DNS, offline).', 'Check that the hub server runs and is reachable at the URL the client uses, then retry.'],
  HUB_TIMEOUT: [504, 'The client stopped waiting for an operation that still runs on the server.', 'Follow it later in GET /api/v1/operations/{id} or the audit log.'],
  HUB_ANSWER_INVALID: [500, 'An answer does not follow the @hub/api contract (the server under test, or a client of another version).', 'Use a client of the hub\'s version; in development, change the answer or its schema in packages/api.'],
} as const satisfies Record<string, Entry>;

/** A code the host raises. */
export type HubErrorCode = keyof typeof catalog;

export interface ErrorCatalogEntry {
  code: HubErrorCode;
  status: number;
  why: string;
  fix: string;
}

/** The catalog as rows, in the order of the table above. */
export const ERROR_CATALOG: readonly ErrorCatalogEntry[] = Object.entries(catalog).map(
  ([code, [status, why, fix]]) => ({ code: code as HubErrorCode, status, why, fix }),
);

/** Every host code. */
export const ERROR_CODES = Object.keys(catalog) as HubErrorCode[];

/** The catalog entry of a code, or undefined for a code that is not the host's (a module's own). */
export function errorCatalogEntry(code: string): ErrorCatalogEntry | undefined {
  const entry = (catalog as Record<string, Entry>)[code];
  return entry ? { code: code as HubErrorCode, status: entry[0], why: entry[1], fix: entry[2] } : undefined;
}

export function isHubErrorCode(code: string): code is HubErrorCode {
  return Object.prototype.hasOwnProperty.call(catalog, code);
}
