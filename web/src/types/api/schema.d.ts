// Generated from docs/openapi.yaml by scripts/gen-api.mjs (npm run gen:api). Do not edit:
// change docs/openapi.yaml and generate again; CI (npm run check:api) fails when they differ.
export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness check
         * @description Answers `ok` as soon as the server accepts requests. It does not query the
         *     database. Needs no session and is not rate limited. (The server answers any method
         *     on this path the same way; only GET is meant.)
         */
        get: operations["healthz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics
         * @description Prometheus text exposition format 0.0.4. Needs no session. With the setting
         *     `security.metrics_token` it needs `Authorization: Bearer <token>` (else `401
         *     metrics.token`); without it, it answers only clients on the machine itself (else `403
         *     metrics.forbidden`). Metrics:
         *     - `eldercare_http_requests_total{method,route,status}` (counter): requests by
         *       method, route pattern (e.g. `/api/v1/elders/{id}`; or `static`, `not_found`,
         *       `method_not_allowed`, `bad_target`, `/healthz`, `/metrics`) and status.
         *     - `eldercare_http_request_duration_seconds{route}` (histogram; buckets 0.0005 … 2.5 s):
         *       time to handle a request, by route.
         *     - `eldercare_import_rows_total` (counter): spreadsheet rows read by the import
         *       route (present after the first import).
         *
         *     Requests refused by the HTTP layer before the application sees them (413, 431, 400
         *     malformed) are not counted.
         */
        get: operations["metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in
         * @description Checks the user name and password and starts a session: the response sets the
         *     `ec_session` cookie (named `__Host-ec_session` when Secure; `Path=/; HttpOnly; SameSite=Strict; Max-Age=` the session
         *     lifetime `security.session_ttl_min` × 60, plus `Secure` when the request came over
         *     HTTPS through a trusted proxy (`server.trust_proxy` and `X-Forwarded-Proto: https`) or
         *     when `security.secure_cookies` is on) and returns the user with the session's CSRF token.
         *     Public and without CSRF check. Each client address may try `security.login_ip_per_min`
         *     times a minute (`auth.rate_limited`); `security.login_max_failures` wrong passwords in a
         *     row from one address lock that address (only) out of the account for
         *     `security.login_lockout_min` minutes, doubling with each further failure after a lock
         *     (`auth.locked`). An unknown user name, a wrong password and a deactivated account
         *     (whatever the password) all answer `auth.invalid_credentials`.
         *     Every attempt is audited (`login`, `login_failed`, `account_locked`).
         */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign out
         * @description Revokes the current session (audited `logout`) and clears the cookie. A request body is ignored. Allowed while the password must be changed.
         */
        post: operations["logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The signed-in user
         * @description The current user with role, org unit, permissions, data scope and the session's CSRF token. Allowed while the password must be changed (`must_change_password` tells the UI to ask for a new one).
         */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change one's own password
         * @description Replaces the password and clears `must_change_password`. The new password must be
         *     10 to 128 bytes long (UTF-8), differ from the user name (ignoring ASCII case) and from
         *     the old password. Other sessions of the user are revoked; the current one stays.
         *     Audited (`password_change`).
         */
        post: operations["changePassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/org-units": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the org tree
         * @description Every non-archived unit the caller may see, ordered by `sort`, then `id`; the client
         *     builds the tree from `parent_id`. Scope `all`: every unit; `unit_tree`: the caller's
         *     unit, everything below it and its ancestors (so the tree has a root); `self`: the
         *     caller's own unit only. `elder_count` is the number of active elders in the unit and
         *     below it, counting only elders in the caller's data scope.
         */
        get: operations["listOrgUnits"];
        put?: never;
        /**
         * Add an org unit
         * @description Adds a unit under `parent_id`, which must be a visible, non-archived unit of a kind
         *     that can hold it: a street holds communities and villages; a community or village
         *     holds grids and buildings; a grid holds buildings. Audited (`create`, `org_unit`).
         *     The response's `elder_count` is 0.
         */
        post: operations["createOrgUnit"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/org-units/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Rename or reorder an org unit
         * @description Changes `name`, `code` and/or `sort` of a visible, non-archived unit; absent fields
         *     keep their value. `version` must be the one last read. Audited (`update`,
         *     `org_unit`) with the changed fields. The response's `elder_count` is always 0.
         */
        put: operations["updateOrgUnit"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/org-units/{id}/archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Archive an empty org unit
         * @description Archiving replaces deletion: the unit leaves the tree and the pickers but stays in the
         *     database for the audit log and old records. Only a unit in the caller's write scope
         *     (its own unit and below for unit-level roles) with no active sub-units, no active elders
         *     in its subtree and no active users can be archived; the sub-district itself never.
         *     Audited (`archive`, `org_unit`).
         */
        post: operations["archiveOrgUnit"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/roles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List roles with their permissions
         * @description Every role (not scoped), ordered as configured, with its data scope, permission codes (sorted), and whether the caller may grant it (`grantable`).
         */
        get: operations["listRoles"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/permissions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The permission catalogue that the modules declare
         * @description Every permission the server knows, grouped by module in the order of the module list,
         *     with names in the language of the request (`Accept-Language: en…` English, otherwise
         *     Chinese) and the roles that hold it by default (granted once, when a database first sees
         *     the permission; `GET /roles` tells who holds it now). Any signed-in user may read it:
         *     the web app builds its menus and role page from it.
         */
        get: operations["listPermissions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/labels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Names of the audit log's entities and actions
         * @description The audit entities and actions that the modules declare, each code with its name in the
         *     language of the request.
         */
        get: operations["auditLabels"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/service-items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the service items
         * @description Every item (the catalogue is the sub-district's, not scoped), by category and name.
         */
        get: operations["listServiceItems"];
        put?: never;
        /**
         * Add a service item
         * @description Audited (`create`, entity `service_item`).
         */
        post: operations["createServiceItem"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/service-items/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Change or retire a service item
         * @description Every field as for a create, plus `active` (false retires the item: it stays for old
         *     orders and settlements) and the `version` read. Audited with the changed fields.
         */
        put: operations["updateServiceItem"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assessment/catalog": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The ability assessment form (GB/T 42195-2022)
         * @description The form definition from the one catalogue (`modules/assessment/ability.cpp`): the four
         *     groups with their items and options (the standard's wording and score), the grades and
         *     their bands, the care-risk events, the reasons for assessing and the informant's
         *     relations. docs/ASSESSMENT.md.
         */
        get: operations["getAssessmentCatalog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assessment/assessors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * People who may sign an assessment as assessors
         * @description Active users of the caller's unit and the units below (every unit for scope `all`), by unit and name; at most 500.
         */
        get: operations["listAssessors"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/elders/{id}/assessments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An elder's ability assessments and current grade
         * @description Every assessment of the elder, newest first; `current` is the latest reviewed one
         *     (superseded ones are not current); `due_on` its review date plus one year; `due` true
         *     when that date is today or past, when the elder was never assessed, or when an 即时
         *     (immediate) assessment is open.
         */
        get: operations["listElderAssessments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assessments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start an assessment (a draft)
         * @description Creates a draft for an elder in the caller's scope. `client_id` is the UUID the browser
         *     gave the form: sending the same `client_id` again (a retry) returns the stored record
         *     with 200 and writes nothing. Answers present must be items of the standard with one of
         *     their options' scores; a draft may leave items out. `supersedes_id` names a reviewed
         *     assessment of the same elder that this one corrects. Audited (`create`, entity
         *     `assessment`).
         */
        post: operations["createAssessment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assessments/due": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Elders whose (re)assessment is due
         * @description Active elders in the caller's scope who were never assessed (`why` = `never`), whose
         *     latest reviewed assessment is a year old or more (`expired`), or who have an open 即时
         *     assessment (`immediate`: a change of condition makes one due now). By elder id.
         */
        get: operations["listAssessmentsDue"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assessments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One assessment */
        get: operations["getAssessment"];
        /**
         * Edit a draft or returned assessment
         * @description Every field of the form and the `version` read. Audited with the changed fields.
         */
        put: operations["updateAssessment"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assessments/{id}/submit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Submit an assessment for review
         * @description Checks the whole form (every item answered with one of its options, errors naming
         *     `answers.<code>`; both assessors, informant, place and date), stores the total, group
         *     scores, preliminary and final grade and the adjustments applied. Audited (`submit`).
         */
        post: operations["submitAssessment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assessments/{id}/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve a submitted assessment (审核通过)
         * @description The reviewer may not be either assessor or the submitter (403
         *     `assessment.reviewer_is_assessor`). The assessment it supersedes, if any, becomes
         *     `superseded` in the same transaction. Audited (`review`).
         */
        post: operations["reviewAssessment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assessments/{id}/return": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Return a submitted assessment (退回) with a reason
         * @description Same reviewer rule as review; the assessment can then be edited and resubmitted. Audited (`return`).
         */
        post: operations["returnAssessment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/phone": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One's own phone, masked
         * @description The caller's work phone (`users.phone`), which escalation level 1 calls for building
         *     leaders and grid volunteers (docs/MONITORING.md "Escalation"), masked, and when the
         *     caller last confirmed it. Not audited (one's own data, masked). Refused while the
         *     password must be changed.
         */
        get: operations["getMyPhone"];
        /**
         * Set or clear one's own phone
         * @description Sets the caller's work phone, normalized like the administrators' form
         *     (`PUT /api/v1/users/{id}`), and records it as confirmed by the user now; `null` (or
         *     `""`) clears it and its confirmation. Only ever acts on the caller. Bumps the user's
         *     `version`. Audited (`update`, `user`, the numbers masked).
         */
        put: operations["setMyPhone"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/phone/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm that one's own phone is still right
         * @description Records that the caller's stored phone is right as of now. A request body is ignored.
         *     Audited (`update`, `user`).
         */
        post: operations["confirmMyPhone"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List users
         * @description Users ordered by id. Scope `all`: every user; `unit_tree`: users of the caller's unit
         *     and the units below it; `self`: users of the caller's own unit. Unlike the elder list,
         *     `page` and `size` are lenient: a value that is not a number counts as 0 and is then
         *     raised to the minimum.
         */
        get: operations["listUsers"];
        put?: never;
        /**
         * Create a user
         * @description Creates an active user with the given initial password, which the user must change
         *     at first sign-in (`must_change_password`). `org_unit_id` must be a non-archived unit
         *     at or below the caller's unit (any unit for scope `all`). The role must be one the
         *     caller may grant (`grantable` in `GET /roles`): its permissions all held by the
         *     caller, and `street_admin` or `auditor` only by a caller with scope `all`; else
         *     `403 user.role_not_grantable`. Audited (`create`, `user`).
         */
        post: operations["createUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One user
         * @description A user the caller may see in the user list (same scope), with the phone masked.
         */
        get: operations["getUser"];
        /**
         * Change a user
         * @description Changes display name, role, org unit and/or active flag of a user at or below the
         *     caller's unit; `unlock: true` clears a login lockout. Absent fields keep their value.
         *     There is no `version` check. Deactivating revokes the user's sessions. Callers cannot
         *     deactivate themselves or change their own role. A role or unit change follows the
         *     same rules as create. The user's current role must also be one the caller may grant,
         *     even when it stays (no editing an account that holds more rights than the caller),
         *     else `403 user.role_not_grantable` and nothing changes. A change of role, unit or
         *     active flag closes the user's live feed WebSockets (`GET /api/v1/live`, close code
         *     1008); the client reconnects with the new scope. Audited (`update`, `user`).
         */
        put: operations["updateUser"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/reset-password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reset a user's password
         * @description Sets a random 14-character temporary password, returned once in the response, and
         *     `must_change_password`; clears a lockout and revokes every session of the user
         *     (including the caller's own when resetting oneself) and closes their live feed
         *     WebSockets. The user must be at or below the caller's unit, and hold a role the caller
         *     may grant (as for create), else `403 user.role_not_grantable` and nothing changes. A
         *     request body is ignored. Audited (`password_reset`).
         */
        post: operations["resetUserPassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ingest": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Device events over HTTP
         * @description For devices that cannot use MQTT (docs/MONITORING.md "Events" and "HTTP ingest").
         *     The device authenticates with its own token, `Authorization: Bearer SERIAL:SECRET`
         *     (the secret shown once at registration); no user session, no CSRF token. The body is
         *     one event object, an array of up to 100, or `{"events": [...]}`. The answer comes
         *     once every accepted event is committed to disk, and it names the alert each critical
         *     event raised or repeated: that answer is the device's "received". The same event id
         *     again is a `duplicate` (accepted once). Invalid events are `rejected` one by one with
         *     a reason (`malformed`, `out_of_range`, `clock_skew`) and kept in the dead-letter
         *     table; they never raise an alert.
         */
        post: operations["ingestEvents"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search the audit log
         * @description Newest first. The log is not filtered by data scope (the roles holding
         *     `system:audit:view` have scope `all`). `page` and `size` are lenient as in the user
         *     list. Actions written today: `create`, `update`, `leave`, `reveal`, `import`,
         *     `export`, `login`, `login_failed`, `account_locked`, `logout`, `password_change`,
         *     `password_reset`, `demo`, `archive`, `bind`, `unbind`, `retire`, `reset_secret`,
         *     `acknowledge`, `resolve`, `delete`; entities: `elder`, `user`, `org_unit`, `session`,
         *     `system`, `device`, `alert`, `threshold_settings`, `elder_thresholds`,
         *     `escalation_plan`.
         *
         *     Every entry's summary is stored in English and in Chinese. `summary` is in the
         *     language of the request (`Accept-Language: en…` English, otherwise Chinese); entries
         *     written before Chinese summaries were stored have none and show their English text.
         *     `summary_en` and `summary_zh` give both as stored.
         */
        get: operations["searchAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Alerts for the live board (state=active) or the history
         * @description Restricted to the caller's data scope by the alert's own org path (where the elder lived
         *     when it was raised; `self`: the linked elders). With `state=active` (open and
         *     acknowledged) the order is the board's: severity critical → warning → technical, then
         *     the longest waiting first (`raised_at`); any other state is newest first
         *     (`created_at`). The board asks for `state=active&size=500` after every (re)connect of
         *     the live feed.
         */
        get: operations["listAlerts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Response times per community (time to acknowledge, time to resolve, share within 60 s)
         * @description Over the alerts created in [`from`, `to`) in the caller's scope (default: the last 30
         *     days; at most 400 days), per community and in total, for all severities and for each
         *     severity. An alert counts as acknowledged when a person acknowledged it, or resolved
         *     it without acknowledging first; time to acknowledge runs from `created_at` (when the
         *     platform committed the alert; a device's clock cannot distort it). Time to resolve
         *     counts only alerts resolved by a person (not `auto_cleared`). The share within 60 s
         *     is of all alerts, so an alert nobody answered counts against it (UK monitoring
         *     centres aim at 97.5 %). Median and p90 are nearest-rank (the median of an even count
         *     is the lower middle value); seconds, null when there is nothing to measure.
         */
        get: operations["alertStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One alert with its actions, notifications and the numbers to call
         * @description The alert, its `actions` (who did what and when), its `notifications` with their
         *     delivery results (a webhook's target without path and query), and `contacts`: the
         *     elder's own phone, the building leaders and volunteers linked to the elder, the family
         *     contacts, and the community station's duty phone and emergency number (the
         *     community's escalation plan, else the sub-district default). For callers holding
         *     `monitoring:alert:handle` or `registry:elder:reveal` the phone numbers are in full,
         *     because responders must call them, and every such read writes one audit entry
         *     (`reveal`, entity `alert`). For the others (provider staff, auditors) the personal
         *     numbers (the elder's, the leaders', the family's) are masked like elders' phones
         *     (`139****5678`, `0533-****456`), `phones_masked` is true, and nothing is audited; the
         *     station's duty phone and the emergency number stay in full.
         */
        get: operations["getAlert"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts/{id}/acknowledge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Acknowledge an alert (stops the escalation; the device hears that help is coming)
         * @description The body may be empty. Acknowledging an acknowledged alert changes nothing. Recorded as
         *     an `alert_actions` row and an audit entry, pushed to the live feed, told to the
         *     device (`{"type":"acknowledged"}` on its down topic). Answers the alert as it now is.
         */
        post: operations["acknowledgeAlert"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts/{id}/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resolve an alert with an outcome
         * @description Open or acknowledged alerts. Recorded as an `alert_actions` row and an audit entry,
         *     pushed to the live feed and told to the device (`{"type":"resolved"}`). Answers the
         *     alert as it now is.
         */
        post: operations["resolveAlert"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The live feed (WebSocket)
         * @description A WebSocket upgrade (`Connection: Upgrade`, `Upgrade: websocket`), authenticated like
         *     every other route by the session cookie. The `Origin` header, when sent, must name
         *     the host the request went to (`X-Forwarded-Host` too behind a trusted proxy);
         *     otherwise `403 live.origin`. A plain GET gets `426 live.upgrade_required`.
         *
         *     Server → client text frames: first `{"type":"hello"}`, then
         *     `{"type":"alert","op":"raised|repeat|acknowledged|resolved|escalated|cleared","alert":{…}}`
         *     (schema `Alert`) for every alert change the user may see (the same scope as
         *     `GET /api/v1/alerts`; for scope `self` the linked elders as of connecting), and to
         *     everyone `{"type":"health", …}` (schema `MonitoringHealth` without `devices`) when
         *     the alert path's status or its problems change. The server pings after 20 s without a frame from the client and drops a client silent
         *     for 40 s. Client frames are read and ignored (at most 4 KiB; larger closes with
         *     1009). The server closes with 1013 when the client falls 256 messages behind, with
         *     1008 when the session ends (sign-out at once; revocation, expiry or deactivation
         *     within 60 s) and at once when an administrator changes the user's role, unit or
         *     active flag or resets their password, or the user changes their password in another
         *     session (the reconnect is authorised anew, with the new scope), and with 1001 at
         *     shutdown. After any reconnect the client re-reads
         *     `GET /api/v1/alerts?state=active`. Open connections are the gauge
         *     `eldercare_live_connections` in `/metrics`.
         */
        get: operations["liveFeed"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/elders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List and search elders
         * @description Elders in the caller's data scope, masked. Query parameters are strict: a bad value
         *     is `422 request.bad_query` naming the parameter (all bad parameters in `details`).
         *     An empty parameter (`?sex=`) counts as absent.
         */
        get: operations["listElders"];
        put?: never;
        /**
         * Register an elder
         * @description Validates every field at once (all errors in `details`): the ID number by the
         *     GB 11643 check digit, with birth date and sex derived from it; the person must be 60
         *     or older; phones are normalized (`+86 138-1234-5678` → `13812345678`,
         *     `(0533) 612 3456 转 12` → `0533-6123456-12`); `org_unit_id` must be a community,
         *     village, grid or building in the caller's scope. Audited (`create`, `elder`, masked
         *     values).
         */
        post: operations["createElder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/elders/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One elder with contacts
         * @description The record (masked) with emergency contacts, notes and version. `404` if absent or outside the caller's scope.
         */
        get: operations["getElder"];
        /**
         * Edit an elder
         * @description Partial update of an active elder: absent fields keep their value; `phone: null` (or
         *     `""`) clears the phone; `categories` and `contacts`, when present, replace the whole
         *     list. A contact sent with its `id` and without `phone` keeps its stored phone (so the
         *     UI need not reveal it). Contacts are rewritten on every update that sends them, so
         *     their ids change. `version` must be the one last read. Same validation as create.
         *     Audited (`update`, `elder`) with the changed fields, masked.
         */
        put: operations["updateElder"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/elders/{id}/leave": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record that an elder left the registry (离册)
         * @description Soft delete with a reason: sets `status` to `left` with reason, date and note; the
         *     record stays (lists show it with `status=left` or `status=all`). The date may not be in
         *     the future. Audited (`leave`).
         */
        post: operations["leaveElder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/elders/{id}/reveal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reveal one full ID number or phone number (audited)
         * @description Returns the unmasked value of the elder's `id_number`, `phone`, or the phone of the
         *     contact `contact_id`, and writes an audit entry (`reveal`, `elder`, summary
         *     `revealed <field> of <name>`) before answering. `404` when the elder is absent or out
         *     of scope, has no phone, or has no contact with that id.
         */
        post: operations["revealElderField"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/elders/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import a survey sheet (.xlsx or .csv)
         * @description The body is the file itself (not multipart). The format comes from `Content-Type`
         *     (`text/csv…` or the .xlsx MIME type) or else from the `filename` parameter's
         *     extension (`.csv`/`.CSV`, `.xlsx`/`.XLSX`). Body limit: `server.import_limit_mib`
         *     (default 32 MiB; but see the known issue about `Content-Length` bodies in the
         *     introduction: in practice 1 MiB); at most 200,000 rows (and, for .xlsx, 64 MiB
         *     uncompressed and 4,000,000 cells).
         *
         *     The header row is the first of the first 10 rows naming both 姓名 and 身份证号; columns
         *     are recognized by their Chinese headers (姓名, 身份证号, 联系电话, 居住状况, 特殊类别,
         *     所属社区, 楼栋/网格, 家庭住址, 紧急联系人, 联系人关系, 联系人电话, 备注, and common
         *     variants such as 身份证号码, 手机, 社区, 楼栋, 住址; a leading `*` is ignored) and values
         *     in Chinese (独居/空巢/与子女同住/机构养老/其他; 特困、低保、失独、残疾、低收入、留守、优抚对象、高龄).
         *     Blank rows are skipped. The community must be one in the caller's scope (it may be
         *     left empty when the caller sees exactly one); the building or grid, if given, must be
         *     in that community. Each row is validated like `POST /api/v1/elders`; an ID number
         *     already registered in the caller's scope updates that elder (no version check, last
         *     write wins; also an elder who has left the registry, whose status stays `left`);
         *     one registered outside the scope is an error; the same ID twice in the file is an
         *     error. When a row updates an elder: name, community and building always come from
         *     the sheet, and so does 居住状况 (a missing column or an empty cell means 其他);
         *     特殊类别, 家庭住址 and 备注 are replaced when their column exists (an empty cell clears
         *     them) and kept when it does not; 联系电话 is replaced only by a non-empty cell; a row
         *     with a 紧急联系人 replaces all the elder's contacts with that one, a row without keeps
         *     them. An empty 联系人关系 cell means `other`; an unrecognized relation is a row error.
         *
         *     With `dry_run=true` (the default) nothing is written and the report says what would
         *     happen. With `dry_run=false` all rows are written in one transaction, or none if any
         *     row has an error (`422 import.has_errors` with the report). Each written row is
         *     audited (`import`), plus one summary entry.
         */
        post: operations["importElders"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/elders/import/template": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download the import template (.xlsx)
         * @description A workbook with the sheet 老人信息, the twelve template columns (姓名, 身份证号, 联系电话, 居住状况, 特殊类别, 所属社区, 楼栋/网格, 家庭住址, 紧急联系人, 联系人关系, 联系人电话, 备注) and one example row to delete before importing.
         */
        get: operations["importTemplate"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/elders/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export the filtered elders (.xlsx, masked)
         * @description The same filters as the list (including `status`, default `active`), every matching
         *     elder in the caller's scope, at most 200,000 rows. `page` and `size` are validated as
         *     in the list but otherwise ignored. Columns: 姓名, 身份证号 (masked), 性别, 出生日期, 年龄,
         *     联系电话 (masked), 居住状况, 特殊类别, 所属社区, 楼栋/网格, 家庭住址, 状态. Audited
         *     (`export`, `elder`, with the query string).
         */
        get: operations["exportElders"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/devices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List devices (设备管理)
         * @description Devices in the caller's data scope, newest first. A bound device carries its elder's
         *     org path, a device in stock the unit that holds it (the registering user's unit, or
         *     the elder's community after an unbind); scope `unit_tree` sees devices at or below the
         *     user's unit, `self` the devices bound to the elders linked to the user. Query
         *     parameters are strict (`422 request.bad_query` naming the parameter); an empty one
         *     counts as absent. `online` compares `last_seen_at` with the effective offline limit
         *     (`offline_after_s` = heartbeat interval × offline multiple, with the elder's own
         *     thresholds) at read time; `null` when the device was never heard from.
         */
        get: operations["listDevices"];
        put?: never;
        /**
         * Register a device; its secret is shown once
         * @description Registers a device with a serial of 4–40 of `[A-Za-z0-9-]` (unique, also ignoring
         *     case) and generates its secret: 32 characters of base64url from 24 random bytes,
         *     returned once in `secret` and never again (only its SHA-256 is stored). The secret is
         *     the device's HTTP ingest token (`Bearer SERIAL:SECRET`) and its MQTT password (user
         *     name = serial); the broker login is created (Mosquitto dynamic security) inside the
         *     transaction, before the commit, and removed again if the commit fails. With
         *     `elder_id` the device is bound at once (the elder must be active and in scope: `404`
         *     otherwise) and takes the elder's unit; without, it is in stock at the caller's unit.
         *     Audited (`create`, `device`; no secret).
         */
        post: operations["registerDevice"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/devices/import/template": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download the device import template (.xlsx)
         * @description A workbook with the sheet 设备清单, the five columns (序列号, 类型, 老人身份证号, 安装位置, 备注) formatted as text so that Excel keeps ID numbers and serials as typed, and one example row to delete before importing.
         */
        get: operations["deviceImportTemplate"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/devices/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import many devices from a spreadsheet (批量导入)
         * @description docs/MONITORING.md "Bulk import". The body is the file itself: an .xlsx workbook (its
         *     first sheet; the template is `GET /devices/import/template`) or `text/csv` (UTF-8, a BOM
         *     is fine; GBK or UTF-16 is `422 import.not_utf8`); the `Content-Type`, or else the
         *     `filename` extension, says which. At most 1 MiB and 2,000 devices.
         *     The first non-blank row is the header; columns in any order, headers in Chinese or
         *     English (spaces and a leading `*` ignored): 序列号/serial (required), 类型/type
         *     (required: a type code or its Chinese name, e.g. `sos_pendant`, SOS呼叫器, 紧急呼叫按钮),
         *     老人身份证号/elder_id_number (optional: binds the device to that active elder in the
         *     caller's scope), 安装位置/location (optional, ≤ 32 characters), 备注/notes (optional,
         *     ≤ 500). Unknown or repeated headers are errors. Blank lines are skipped; row numbers
         *     are the spreadsheet's (header = 1).
         *
         *     Every row is checked before anything is written and every error is listed (row,
         *     column, rule); a serial already registered (ignoring case) or repeated in the file is an
         *     error. With `dry_run=true` nothing is written. Otherwise, if any row has an error,
         *     nothing is written (`422 import.has_errors` with the report); else each device gets its
         *     own secret and broker login (batched), then all rows are written in one transaction with
         *     one audit entry per device (as `POST /devices`) and one for the import (its count).
         *     The secrets appear in this response only. If the broker refuses any login, nothing is
         *     written and the logins already made are revoked (`503 device.provision_failed` with
         *     `report.not_provisioned`), as for a single registration.
         */
        post: operations["importDevices"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/devices/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One device */
        get: operations["getDevice"];
        /**
         * Edit a device's location and notes
         * @description Absent fields keep their value. `version` must be the one last read. Audited (`update`, `device`).
         */
        put: operations["updateDevice"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/devices/{id}/bind": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Bind a device in stock to an elder
         * @description The elder must be active (`422 device.elder_left`) and in the caller's scope (`404`
         *     otherwise); the device must be active and unbound (`409 device.retired`,
         *     `409 device.already_bound`: unbind first). The device moves to the elder's unit.
         *     Audited (`bind`, `device`).
         */
        post: operations["bindDevice"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/devices/{id}/unbind": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Unbind a device from its elder
         * @description The device goes back into the stock of the elder's community (`409 device.not_bound` if it is not bound). Its past events stay on the elder's timeline. Audited (`unbind`, `device`).
         */
        post: operations["unbindDevice"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/devices/{id}/retire": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Retire a device (soft delete)
         * @description Sets `status` to `retired` and unbinds it; the row and its events stay. After the
         *     commit the broker login is removed; a retired device's events are dead letters. A
         *     retired device cannot be bound, edited or given a new secret. Audited (`retire`,
         *     `device`, with the reason).
         */
        post: operations["retireDevice"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/devices/{id}/reset-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Give a device a new secret (shown once)
         * @description Generates a new secret, stores its SHA-256 and gives the broker login the new
         *     password (before the commit); the old secret stops working for HTTP and MQTT. The body
         *     is optional; with `version` a stale one is `409`. Audited (`reset_secret`, no secret).
         */
        post: operations["resetDeviceSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/elders/{id}/devices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The active devices bound to an elder */
        get: operations["listElderDevices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/elders/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An elder's device event timeline
         * @description Events recorded while a device was bound to the elder, newest first by the device's
         *     time (then by id). Keyset paging: pass the previous page's `next_before` as `before`;
         *     `next_before` is `null` on the last page.
         */
        get: operations["listElderEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/elders/{id}/thresholds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An elder's threshold overrides, per device type
         * @description One entry per device type: `defaults` are the type's effective values (built-in
         *     defaults with the sub-district's overrides), `overrides` the elder's own, `effective`
         *     what the rules use for this elder's devices of that type.
         */
        get: operations["getElderThresholds"];
        /**
         * Replace an elder's overrides for one device type
         * @description `settings` replaces the elder's overrides for `device_type` (`{}` removes them). Each
         *     field is checked (`settings.<field>`), then the result merged over the type's values
         *     must pass the engine's rules (e.g. `hr_max` above `hr_min`, no-motion hours inside the
         *     daytime window); every error at once in `details`, code
         *     `monitoring.threshold_invalid`. `version` is the entry's (0 when it has none). The
         *     monitoring service reloads after the commit. Audited (`update`, `elder_thresholds`).
         */
        put: operations["putElderThresholds"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/monitoring/thresholds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Rule thresholds per device type
         * @description One entry per device type: the built-in `defaults` (modules/monitoring/README.md
         *     lists them with their sources), the sub-district's `overrides`, and the `effective`
         *     values.
         */
        get: operations["getThresholds"];
        /**
         * Replace one device type's overrides
         * @description `settings` replaces the overrides of `device_type` (`{}`: back to the defaults). Each
         *     field is checked, then the defaults merged with them must pass the engine's
         *     `validate`; every error at once in `details` (fields `settings.<name>`, windows as
         *     `settings.night.start`), code `monitoring.threshold_invalid`. `version` is the
         *     entry's (0 when nothing is stored). The monitoring service reloads after the commit.
         *     Audited (`update`, `threshold_settings`).
         */
        put: operations["putThresholds"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/monitoring/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Health of the alert path (the board's strip)
         * @description Whether something between a device and the people who help is broken, for the live
         *     board (docs/MONITORING.md "Health" has the rules). Node facts come from this server's
         *     monitoring service (broker connection, writer, escalation timers, webhook notifier)
         *     and from the database (webhook outbox, dead letters of the last hour, escalation
         *     levels overdue by 60 s or more). `devices` counts the caller's devices (data scope as
         *     for `GET /api/v1/devices`) with an open `offline` or `low_battery` alert. `status` is
         *     the worst problem's level; each problem has a machine `code` and a `message` in the
         *     caller's language saying what is wrong and what to do. The same object without
         *     `devices` is pushed on the live feed as `{"type":"health", …}` whenever the status
         *     or its list of problems changes. Times are Asia/Shanghai ISO 8601.
         */
        get: operations["monitoringHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/monitoring/escalation-plans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Escalation plans
         * @description The sub-district default (`community_id` null) first, then every community in the
         *     caller's scope that has its own plan (the others use the default). `editable` tells
         *     whether the caller may change the plan: the default needs scope `all`, a community
         *     plan the community at or below the caller's unit.
         */
        get: operations["listEscalationPlans"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/monitoring/escalation-plans/{community_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set a community's plan (or the default)
         * @description `community_id` is a community or village id, or `default` for the sub-district's row
         *     (scope `all` only: `403` otherwise). A community outside the caller's write scope is
         *     `404`. Each delay is the wait in seconds after the previous level fell due (level 1:
         *     after the raise), 0 .. 86400 (`monitoring.plan_invalid`, field `delays_s[i]`).
         *     `station_phone` (level 3, may be empty) is a phone number; `emergency_phone` (level 4)
         *     a service number such as `120` or a phone number (`phone.invalid`). `version` is the
         *     plan's (0 when the community has none yet). The monitoring service reloads after the
         *     commit. Audited (`create`/`update`, `escalation_plan`, phones masked).
         */
        put: operations["putEscalationPlan"];
        post?: never;
        /**
         * Remove a community's own plan (the default applies again)
         * @description The default itself cannot be removed (`409 monitoring.plan_default`). Optional `?version=` checks for a stale read. Audited (`delete`, `escalation_plan`).
         */
        delete: operations["deleteEscalationPlan"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @description GB/T 43153-2023: life_care 生活照料, basic_care 基础照护, health 健康管理, visiting 探访关爱,
         *     comfort 精神慰藉, errands 委托代办, retrofit 适老化改造.
         * @enum {string}
         */
        ServiceCategory: "life_care" | "basic_care" | "health" | "visiting" | "comfort" | "errands" | "retrofit";
        ServiceItemInput: {
            category: components["schemas"]["ServiceCategory"];
            /** @example 助浴 */
            name: string;
            /**
             * @description Priced per visit or per hour.
             * @enum {string}
             */
            unit: "visit" | "hour";
            duration_min: number;
            /** @description Price in fen (分). */
            price_fen: number;
            /** @description Required of the worker, e.g. 养老护理员; empty when none. */
            qualification?: string;
        };
        ServiceItem: {
            id: number;
            category: components["schemas"]["ServiceCategory"];
            name: string;
            /** @enum {string} */
            unit: "visit" | "hour";
            duration_min: number;
            price_fen: number;
            qualification: string;
            active: boolean;
            version: number;
        };
        /** @enum {string} */
        AssessmentGrade: "intact" | "mild" | "moderate" | "severe" | "complete";
        AssessmentPerson: {
            id: number;
            name: string;
        };
        AssessmentInput: {
            /** @enum {string} */
            reason: "first" | "routine" | "immediate" | "review" | "other";
            assessor1_id?: number | null;
            assessor2_id?: number | null;
            informant_name?: string;
            /** @enum {string} */
            informant_relation?: "" | "self" | "spouse" | "child" | "other_relative" | "hired_caregiver" | "committee_staff" | "other";
            place?: string;
            /** Format: date */
            assessed_on?: string;
            diagnoses?: string;
            dementia?: boolean;
            other_mental_disorder?: boolean;
            comatose?: boolean;
            /** @description Care-risk event code → count in the last 30 days, 0–3 (3 = three or more). */
            risk_events?: {
                [key: string]: number;
            };
            /** @description Item code → the score of the option chosen (null or absent = not answered). */
            answers?: {
                [key: string]: number | null;
            };
        };
        AssessmentVersion: {
            version: number;
        };
        Assessment: {
            id: number;
            client_id: string;
            elder: components["schemas"]["AssessmentPerson"];
            community: components["schemas"]["AssessmentPerson"];
            /** @enum {string} */
            state: "draft" | "submitted" | "returned" | "reviewed" | "superseded";
            /** @enum {string} */
            reason: "first" | "routine" | "immediate" | "review" | "other";
            assessor1: components["schemas"]["AssessmentPerson"] | null;
            assessor2: components["schemas"]["AssessmentPerson"] | null;
            informant_name: string;
            informant_relation: string;
            place: string;
            /** @description YYYY-MM-DD, or empty in a draft */
            assessed_on: string;
            dementia: boolean;
            other_mental_disorder: boolean;
            diagnoses: string;
            risk_events: {
                [key: string]: number;
            };
            comatose: boolean;
            answers: {
                [key: string]: number;
            };
            /** @description Set by submit. */
            total: number | null;
            group_scores: {
                [key: string]: number;
            } | null;
            preliminary_grade: components["schemas"]["AssessmentGrade"] | null;
            final_grade: components["schemas"]["AssessmentGrade"] | null;
            adjustments: ("diagnosis" | "risk_events" | "coma")[] | null;
            submitted_by: number | null;
            /** Format: date-time */
            submitted_at: string | null;
            reviewer: components["schemas"]["AssessmentPerson"] | null;
            /** Format: date-time */
            reviewed_at: string | null;
            /** Format: date-time */
            returned_at: string | null;
            return_reason: string;
            supersedes_id: number | null;
            /**
             * Format: date
             * @description Review date + 1 year (reviewed only).
             */
            due_on: string | null;
            version: number;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        AssessmentDue: {
            elder: components["schemas"]["AssessmentPerson"];
            community: components["schemas"]["AssessmentPerson"];
            last_assessment_id: number | null;
            last_grade: components["schemas"]["AssessmentGrade"] | null;
            /** Format: date */
            due_on: string | null;
            /** @enum {string} */
            why: "never" | "expired" | "immediate";
        };
        AssessmentChoice: {
            code: string;
            name_zh: string;
            name_en: string;
        };
        AssessmentCatalog: {
            /** @example GB/T 42195-2022 */
            standard: string;
            /** @example 90 */
            max_total: number;
            groups: {
                code: string;
                ref: string;
                name_zh: string;
                name_en: string;
                max_score: number;
                items: {
                    code: string;
                    ref: string;
                    name_zh: string;
                    name_en: string;
                    definition_zh: string;
                    note_zh: string;
                    max_score: number;
                    options: {
                        score: number;
                        text_zh: string;
                    }[];
                }[];
            }[];
            grades: {
                code: components["schemas"]["AssessmentGrade"];
                number: number;
                min_total: number;
                max_total: number;
                name_zh: string;
                short_zh: string;
                name_en: string;
            }[];
            risk_events: components["schemas"]["AssessmentChoice"][];
            risk_event_max_count: number;
            reasons: components["schemas"]["AssessmentChoice"][];
            informant_relations: components["schemas"]["AssessmentChoice"][];
        };
        PermissionGroup: {
            /** @example registry */
            module: string;
            /** @example 档案管理 */
            name: string;
            permissions: {
                /** @example registry:elder:view */
                code: string;
                /** @example 查看老人档案 */
                name: string;
                default_roles: string[];
            }[];
        };
        MonitoringHealth: {
            /** @enum {string} */
            status: "ok" | "degraded" | "down";
            problems: {
                /** @enum {string} */
                code: "monitoring.not_running" | "broker.refused" | "broker.disconnected" | "broker.reconnecting" | "writer.failing" | "writer.stalled" | "writer.backlog" | "escalation.overdue" | "webhook.failing" | "webhook.gave_up" | "webhook.delayed" | "dead_letters.many";
                /** @enum {string} */
                level: "down" | "degraded";
                message: string;
            }[];
            /** Format: date-time */
            checked_at: string;
            monitoring: {
                running: boolean;
                /** Format: date-time */
                started_at: string | null;
            };
            broker: {
                configured: boolean;
                connected: boolean;
                refused: boolean;
                /** Format: date-time */
                connected_since: string | null;
                /** Format: date-time */
                disconnected_since: string | null;
                reconnects: number;
                last_error: string;
            };
            writer: {
                queue_depth: number;
                queue_max: number;
                /** Format: date-time */
                last_commit_at: string | null;
                /** @description How long the last batch took, queue to commit. */
                last_commit_ms: number;
                batch_failures: number;
                failing: boolean;
                /** Format: date-time */
                last_failure_at: string | null;
            };
            escalation: {
                timers_armed: number;
                overdue: number;
                /** Format: date-time */
                oldest_overdue_at: string | null;
            };
            webhook: {
                configured: boolean;
                pending: number;
                oldest_pending_age_s: number | null;
                failed_last_hour: number;
                gave_up_last_hour: number;
                failing_streak: number;
                /** Format: date-time */
                last_sent_at: string | null;
                last_error: string;
                /** Format: date-time */
                last_error_at: string | null;
            };
            dead_letters: {
                last_hour: number;
                by_reason: {
                    [key: string]: number;
                };
                dropped: number;
            };
            devices: {
                active: number;
                offline: number;
                low_battery: number;
            };
        };
        /** @description One device event (docs/MONITORING.md "Events"). */
        DeviceEvent: {
            /** @description The device's own event id. */
            id: string;
            /** @enum {string} */
            type: "heartbeat" | "sos" | "fall" | "door_open" | "door_close" | "motion" | "bed_in" | "bed_out" | "smoke" | "gas" | "water" | "heart_rate" | "location" | "battery";
            /** @description Unix milliseconds, or RFC 3339 with an offset. */
            time: number | string;
            /** @description heart_rate: 20–250 bpm; battery: 0–100 %. */
            value?: number;
            lat?: number;
            lon?: number;
            battery?: number;
        };
        Error: {
            error: {
                /**
                 * @description Stable dotted code.
                 * @example elder.id_number_duplicate
                 */
                code: string;
                /** @description For people; zh-CN, or English with `Accept-Language: en…`. */
                message: string;
                /** @description The first offending field or query parameter (`contacts[1].phone`, `file`, `size`). */
                field?: string;
                /** @description Every offending field, when there are field errors. */
                details?: components["schemas"]["FieldError"][];
            };
        };
        FieldError: {
            field: string;
            code: string;
            message: string;
        };
        LoginRequest: {
            username: string;
            /** @description Trimmed like every text field. */
            password: string;
        };
        LoginResponse: {
            user: components["schemas"]["Me"];
            /** @description Same as `user.csrf_token`. */
            csrf_token: string;
        };
        PasswordChange: {
            old_password: string;
            /** @description 10 to 128 bytes (UTF-8), not the user name, not the old password. */
            new_password: string;
        };
        Me: {
            /** Format: int64 */
            id: number;
            username: string;
            display_name: string;
            role: {
                code: components["schemas"]["RoleCode"];
                /** @description Chinese, or English with `Accept-Language: en…`. */
                name: string;
            };
            org_unit: {
                /** Format: int64 */
                id: number;
                name: string;
                kind: components["schemas"]["OrgKind"];
            };
            /** @description Permission codes of the role, sorted. */
            permissions: components["schemas"]["Permission"][];
            data_scope: components["schemas"]["DataScope"];
            /** @description Send in `X-CSRF-Token` on every non-GET request. */
            csrf_token: string;
            must_change_password: boolean;
        };
        /** @enum {string} */
        RoleCode: "street_admin" | "community_staff" | "provider_staff" | "field_worker" | "volunteer" | "family" | "kitchen" | "auditor";
        /** @enum {string} */
        DataScope: "all" | "unit_tree" | "self";
        /** @enum {string} */
        Permission: "registry:elder:view" | "registry:elder:create" | "registry:elder:edit" | "registry:elder:leave" | "registry:elder:reveal" | "registry:elder:import" | "registry:elder:export" | "system:org:view" | "system:org:edit" | "system:user:view" | "system:user:edit" | "system:audit:view" | "monitoring:device:view" | "monitoring:device:edit" | "monitoring:alert:view" | "monitoring:alert:handle" | "monitoring:settings:edit" | "monitoring:plan:edit" | "monitoring:ingest:view";
        Role: {
            code: components["schemas"]["RoleCode"];
            /** @description Chinese (街道管理员, 社区工作人员, …) or English. */
            name: string;
            data_scope: components["schemas"]["DataScope"];
            permissions: components["schemas"]["Permission"][];
            /** @description Whether the caller may grant this role, and manage (edit, reset) its holders: the caller holds `system:user:edit` and every permission of the role, and for `street_admin` and `auditor` has scope `all`. */
            grantable: boolean;
        };
        /** @enum {string} */
        OrgKind: "street" | "community" | "village" | "grid" | "building";
        OrgUnit: {
            /** Format: int64 */
            id: number;
            /**
             * Format: int64
             * @description null for the street (the root).
             */
            parent_id: number | null;
            kind: components["schemas"]["OrgKind"];
            name: string;
            code: string;
            sort: number;
            version: number;
            /**
             * @description Ids from the root down, `/1/4/17/`.
             * @example /1/4/17/
             */
            path: string;
            /** @description Active elders here and below, within the caller's scope (0 in create/update responses). */
            elder_count: number;
        };
        OrgUnitCreate: {
            /** Format: int64 */
            parent_id: number;
            name: string;
            /** @enum {string} */
            kind: "community" | "village" | "grid" | "building";
            /** @default  */
            code: string;
            /** @default 0 */
            sort: number;
        };
        OrgUnitUpdate: {
            name?: string;
            code?: string;
            sort?: number;
            version: number;
        };
        User: {
            /** Format: int64 */
            id: number;
            username: string;
            display_name: string;
            role: {
                code: components["schemas"]["RoleCode"];
                name: string;
            };
            org_unit: {
                /** Format: int64 */
                id: number;
                name: string;
            };
            active: boolean;
            /**
             * Format: date-time
             * @description Set only while a login lockout lasts.
             */
            locked_until: string | null;
            /** Format: date-time */
            last_login_at: string | null;
            version: number;
            /** @description The work phone, masked like elders' phones (`138****5678`); null when none. Responders see it in full on the alert board. */
            phone_masked: string | null;
            /**
             * Format: date-time
             * @description When the user last set or confirmed this number themselves (`/api/v1/me/phone`); null when never, or when someone else changed it since (an administrator's change of the number clears it).
             */
            phone_confirmed_at: string | null;
        };
        MyPhone: {
            /** @description The caller's work phone masked (`138****5678`, `0533-****456`); null when none. */
            phone_masked: string | null;
            /**
             * Format: date-time
             * @description When the caller last set or confirmed it; null when never (or set by an administrator since).
             * @example 2026-11-29T13:05:00+08:00
             */
            confirmed_at: string | null;
        };
        UserCreate: {
            username: string;
            display_name: string;
            role: components["schemas"]["RoleCode"];
            /** Format: int64 */
            org_unit_id: number;
            /** @description Initial password: 10 to 128 bytes, not the user name (ignoring ASCII case). */
            password: string;
            /** @description Work phone (building leaders, station staff are called from the alert board); normalized like elders' phones (`phone.invalid`). */
            phone?: string | null;
        };
        UserUpdate: {
            display_name?: string;
            role?: components["schemas"]["RoleCode"];
            /** Format: int64 */
            org_unit_id?: number;
            active?: boolean;
            /** @description `true` clears failed sign-ins and a lockout. */
            unlock?: boolean;
            /** @description Absent: unchanged; null or "": cleared; else normalized (`phone.invalid`). A different number clears `phone_confirmed_at`. */
            phone?: string | null;
        };
        AuditEntry: {
            /** Format: int64 */
            id: number;
            /**
             * Format: date-time
             * @example 2026-11-29T13:05:00+08:00
             */
            at: string;
            /** @description null for anonymous entries (failed sign-ins, first run, CLI, demo). */
            actor: null | {
                /** Format: int64 */
                id: number;
                /** @description User name at the time of the entry. */
                username: string;
                /** @description Current display name ("" if the user is gone). */
                display_name: string;
            };
            /** @description Client address (`cli` for `eldercare user add`, "" when none). */
            ip: string;
            /** @example reveal */
            action: string;
            /** @example elder */
            entity: string;
            entity_id: string;
            /**
             * @description Short human text in the language of the request: `summary_zh` unless the request asks for English (`Accept-Language: en…`) or the entry has no Chinese text, else `summary_en`. Personal numbers are never in it.
             * @example 查看 张秀英 的身份证号
             * @example revealed id_number of 张秀英
             */
            summary: string;
            /**
             * @description The English summary as stored.
             * @example revealed id_number of 张秀英
             */
            summary_en: string;
            /**
             * @description The Chinese summary as stored; null for entries written before Chinese summaries were (migration 0008).
             * @example 查看 张秀英 的身份证号
             */
            summary_zh: string | null;
            /** @description Usually `{"field": [old, new]}` with personal numbers masked; other shapes for bulk actions (`{"created": n, "updated": n}` for an import, `{"query": "/api/v1/elders/export?…"}` for an export). null when nothing is recorded. */
            changes: {
                [key: string]: unknown;
            } | null;
        };
        /**
         * @description 紧急呼叫SOS sos, 跌倒 fall, 烟雾 smoke, 燃气泄漏 gas, 水浸 water, 长时间无活动 no_motion, 夜间开门 door_night, 心率异常 heart_rate, 设备离线 offline, 电量低 low_battery.
         * @enum {string}
         */
        AlertKind: "sos" | "fall" | "smoke" | "gas" | "water" | "no_motion" | "door_night" | "heart_rate" | "offline" | "low_battery";
        /** @enum {string} */
        AlertSeverity: "critical" | "warning" | "technical";
        AlertPerson: null | {
            /** Format: int64 */
            id: number;
            display_name: string;
        };
        /** @description docs/MONITORING.md "Alert JSON": REST and the live feed give the same shape. */
        Alert: {
            /** Format: int64 */
            id: number;
            kind: components["schemas"]["AlertKind"];
            severity: components["schemas"]["AlertSeverity"];
            /** @enum {string} */
            state: "open" | "acknowledged" | "resolved";
            /** @description Events that raised or repeated it. */
            count: number;
            version: number;
            /**
             * Format: date-time
             * @description The raising event's time (device clock) or the rule's tick.
             */
            raised_at: string;
            /**
             * Format: date-time
             * @description When the platform committed it.
             */
            created_at: string;
            /** Format: date-time */
            last_at: string;
            /** Format: date-time */
            acknowledged_at: string | null;
            acknowledged_by: components["schemas"]["AlertPerson"];
            /** Format: date-time */
            resolved_at: string | null;
            resolved_by: components["schemas"]["AlertPerson"];
            /** @enum {string|null} */
            outcome: "false_alarm" | "safe_on_visit" | "hospital" | "other" | "auto_cleared" | null;
            note: string;
            /** @description Highest escalation level sent, 0–4. */
            last_level_sent: number;
            /** Format: date-time */
            next_due_at: string | null;
            elder: {
                /** Format: int64 */
                id: number;
                name: string;
                address: string;
                /** Format: int64 */
                community_id: number;
                community_name: string;
            };
            device: {
                /** Format: int64 */
                id: number;
                serial: string;
                type: string;
                location: string;
            };
        };
        AlertDetail: components["schemas"]["Alert"] & {
            /** @description True when the personal numbers in `contacts` (elder, leaders, family) are masked: the caller holds neither `monitoring:alert:handle` nor `registry:elder:reveal`. */
            phones_masked: boolean;
            actions: {
                /** Format: int64 */
                id: number;
                /** Format: date-time */
                at: string;
                actor: null | components["schemas"]["Ref"];
                actor_name: string;
                /**
                 * @example raised
                 * @example acknowledged
                 * @example resolved
                 * @example escalated
                 * @example cleared
                 * @example repeat
                 */
                action: string;
                level: number | null;
                note: string;
            }[];
            notifications: {
                /** Format: int64 */
                id: number;
                level: number;
                /** @enum {string} */
                channel: "websocket" | "webhook" | "downlink";
                target: string;
                /** @enum {string} */
                status: "pending" | "sent" | "failed";
                attempts: number;
                last_error: string;
                /** Format: date-time */
                created_at: string;
                /** Format: date-time */
                sent_at: string | null;
                /** Format: date-time */
                next_attempt_at: string | null;
            }[];
            contacts: {
                elder: {
                    name: string;
                    phone: string | null;
                };
                /** @description Building leaders and volunteers linked to the elder (escalation level 1). */
                leaders: {
                    /** Format: int64 */
                    user_id: number;
                    name: string;
                    /** @example building_leader */
                    relation: string;
                    /** @description "" when the user has none. */
                    phone: string;
                }[];
                /** @description The elder's emergency contacts (level 2). */
                family: {
                    /** Format: int64 */
                    id: number;
                    name: string;
                    relation: string;
                    phone: string;
                }[];
                /** @description The community station (level 3) and the emergency number (level 4). */
                station: {
                    /** Format: int64 */
                    community_id: number;
                    community_name: string | null;
                    station_phone: string;
                    emergency_phone: string;
                };
            };
        };
        ResponseFigures: {
            alerts: number;
            acknowledged: number;
            /** @description By a person. */
            resolved: number;
            acknowledged_within_60s: number;
            ack_median_s: number | null;
            ack_p90_s: number | null;
            resolve_median_s: number | null;
            ack_within_60s_share: number | null;
        };
        /**
         * @description 独居 alone, 空巢 empty_nest, 与子女同住 with_family, 机构养老 institution, 其他 other.
         * @enum {string}
         */
        LivingStatus: "alone" | "empty_nest" | "with_family" | "institution" | "other";
        /**
         * @description 特困 extreme_poverty, 低保 subsistence, 失独 lost_only_child, 残疾 disabled, 低收入 low_income, 留守 left_behind, 优抚对象 veteran, 高龄 advanced_age.
         * @enum {string}
         */
        Category: "extreme_poverty" | "subsistence" | "lost_only_child" | "disabled" | "low_income" | "left_behind" | "veteran" | "advanced_age";
        /** @enum {string} */
        Relation: "son" | "daughter" | "spouse" | "grandchild" | "relative" | "neighbor" | "other";
        Ref: {
            /** Format: int64 */
            id: number;
            name: string;
        };
        /** @description An elder as lists show it (masked). No other properties. */
        ElderSummary: components["schemas"]["ElderBase"];
        /** @description The properties shared by ElderSummary and Elder. */
        ElderBase: {
            /** Format: int64 */
            id: number;
            name: string;
            /**
             * @description From the ID number.
             * @enum {string}
             */
            sex: "M" | "F";
            /**
             * Format: date
             * @description From the ID number. Null unless the caller holds `registry:elder:reveal`: the
             *     8 digits that the ID mask hides are exactly the birth date.
             */
            birth_date: string | null;
            /**
             * @description From the ID number; shown to every viewer.
             * @example 1944
             */
            birth_year: number;
            /** @description Whole years today (Asia/Shanghai). */
            age: number;
            /** @example 370322********002X */
            id_number_masked: string;
            /**
             * @example 138****1234
             * @example 0533-****456
             */
            phone_masked: string | null;
            living_status: components["schemas"]["LivingStatus"];
            categories: components["schemas"]["Category"][];
            community: components["schemas"]["Ref"];
            /** @description The grid or building, when the elder is registered at one; else null. */
            building: null | components["schemas"]["Ref"];
            address: string;
            /** @enum {string} */
            status: "active" | "left";
        };
        /** @description ElderSummary plus contacts, notes, version and history fields (masked). No other properties. */
        Elder: components["schemas"]["ElderBase"] & {
            contacts: components["schemas"]["Contact"][];
            /**
             * Format: int64
             * @description The unit the elder is registered at (community, village, grid or building).
             */
            org_unit_id: number;
            notes: string;
            /** @description Household number (户号); "" when none. */
            household_code: string;
            /** @description Other active elders with the same household code, within the caller's data scope (at most 20). */
            household_members: {
                /** Format: int64 */
                id: number;
                name: string;
                /** @enum {string} */
                sex: "M" | "F";
                age: number;
            }[];
            version: number;
            /** @enum {string|null} */
            left_reason: "moved" | "deceased" | "other" | null;
            /** Format: date */
            left_date: string | null;
            left_note: string | null;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        Contact: {
            /**
             * Format: int64
             * @description Use as `contact_id` to reveal the phone. Changes whenever the contacts are rewritten by an update.
             */
            id: number;
            name: string;
            relation: components["schemas"]["Relation"];
            phone_masked: string;
        };
        ContactInput: {
            /**
             * Format: int64
             * @description An existing contact's id; with `phone` absent its stored phone is kept (update only).
             */
            id?: number;
            name: string;
            relation: components["schemas"]["Relation"];
            /** @description Mobile or landline; normalized. Required unless `id` names an existing contact. */
            phone?: string;
        };
        ElderCreate: {
            name: string;
            /**
             * @description 18-character resident ID (GB 11643); trimmed, lower-case x accepted. The holder must be 60 or older.
             * @example 37032219450312002X
             */
            id_number: string;
            /** @description Mobile or landline, normalized; null or "" means none. */
            phone?: string | null;
            living_status: components["schemas"]["LivingStatus"];
            /** @description Duplicates are dropped. */
            categories?: components["schemas"]["Category"][];
            /**
             * Format: int64
             * @description A community, village, grid or building in the caller's scope.
             */
            org_unit_id: number;
            address?: string;
            notes?: string;
            /** @description Household number (户号); elders living together share one. */
            household_code?: string;
            contacts?: components["schemas"]["ContactInput"][];
        };
        ElderUpdate: {
            name?: string;
            id_number?: string;
            /** @description null or "" clears the phone. */
            phone?: string | null;
            living_status?: components["schemas"]["LivingStatus"];
            /** @description Replaces the list. */
            categories?: components["schemas"]["Category"][];
            /** Format: int64 */
            org_unit_id?: number;
            address?: string;
            notes?: string;
            /** @description Household number (户号); elders living together share one. */
            household_code?: string;
            /** @description Replaces the list. */
            contacts?: components["schemas"]["ContactInput"][];
            version: number;
        };
        ElderLeave: {
            /** @enum {string} */
            reason: "moved" | "deceased" | "other";
            /**
             * Format: date
             * @description YYYY-MM-DD, not in the future (Asia/Shanghai).
             */
            date: string;
            note?: string;
            version: number;
        };
        RevealRequest: {
            /** @enum {string} */
            field: "id_number" | "phone" | "contact_phone";
            /**
             * Format: int64
             * @description Required when `field` is `contact_phone`.
             */
            contact_id?: number;
        };
        ImportReport: {
            dry_run: boolean;
            /** @description Non-blank rows below the header. */
            total_rows: number;
            valid_rows: number;
            /** @description Rows that add (or, in a dry run, would add) an elder; 0 when a commit was refused. */
            created: number;
            /** @description Rows that update (or would update) an elder already registered in the caller's scope; 0 when a commit was refused. */
            updated: number;
            /** @description Sorted by row. */
            errors: components["schemas"]["ImportRowError"][];
        };
        ImportRowError: {
            /** @description Row number as the spreadsheet shows it (the header is usually row 1). */
            row: number;
            /** @description The column header as found in the sheet (身份证号, 联系电话, …); "" for the row as a whole. */
            field: string;
            /**
             * @example id_number.check_digit
             * @example import.unknown_community
             * @example import.unknown_building
             * @example import.duplicate_in_file
             * @example elder.id_number_duplicate
             */
            code: string;
            message: string;
        };
        ImportFailed: {
            error: components["schemas"]["Error"]["error"];
            report: components["schemas"]["ImportReport"];
        };
        DeviceImportReport: {
            dry_run: boolean;
            /** @description Non-blank rows below the header. */
            total_rows: number;
            valid_rows: number;
            /** @description Devices registered (0 in a dry run and when refused). */
            created: number;
            /** @description Every problem, sorted by row. */
            errors: components["schemas"]["DeviceImportIssue"][];
            /** @description The valid rows; after a commit with their `id` and `secret` (shown once). */
            devices: {
                row: number;
                serial: string;
                type: components["schemas"]["DeviceType"];
                location: string;
                elder: {
                    /** Format: int64 */
                    id: number;
                    name: string;
                } | null;
                /** Format: int64 */
                id?: number;
                /** @description The device secret (MQTT password and HTTP token); shown once. */
                secret?: string;
            }[];
            /** @description Only with `503 device.provision_failed`. */
            not_provisioned?: components["schemas"]["DeviceImportIssue"][];
        };
        DeviceImportIssue: {
            /** @description Row number as the spreadsheet shows it (header = 1). */
            row: number;
            /** @description serial, type, elder_id_number, location, notes; a header as found (header problems); "" for the whole row. */
            column: string;
            /**
             * @example device.serial_taken
             * @example device.serial_reserved
             * @example device_import.serial_repeated
             * @example device.serial_invalid
             * @example validation.enum
             * @example device_import.elder_not_found
             * @example id_number.check_digit
             * @example device_import.unknown_column
             */
            code: string;
            /** @description In the request's language, e.g. "第12行 序列号：已登记" / "row 12, serial: already registered". */
            message: string;
        };
        DeviceImportFailed: {
            error: components["schemas"]["Error"]["error"];
            report: components["schemas"]["DeviceImportReport"];
        };
        /** @enum {string} */
        DeviceType: "sos_pendant" | "fall_detector" | "door_sensor" | "motion_sensor" | "bed_sensor" | "smoke" | "gas" | "water_leak" | "heart_rate_band" | "gps_watch";
        Device: {
            /** Format: int64 */
            id: number;
            /** @example TZ-SOS-000123 */
            serial: string;
            type: components["schemas"]["DeviceType"];
            /** @enum {string} */
            status: "active" | "retired";
            /** @description Where in the home: 卧室, 卫生间, 客厅, 门口, 厨房 … */
            location: string;
            notes: string;
            /** @description The bound elder; null while in stock. */
            elder: components["schemas"]["Ref"] | null;
            org_unit: components["schemas"]["Ref"];
            /** @description The community or village of `org_unit`; null at the sub-district. */
            community: components["schemas"]["Ref"] | null;
            battery: number | null;
            /** Format: date-time */
            last_seen_at: string | null;
            /** @description Heard from within `offline_after_s`; null if never. */
            online: boolean | null;
            /** @description Heartbeat interval × offline multiple of the effective thresholds. */
            offline_after_s: number;
            /** Format: date-time */
            registered_at: string;
            /** Format: date-time */
            bound_at: string | null;
            /** Format: date-time */
            retired_at: string | null;
            version: number;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        DeviceWithSecret: components["schemas"]["Device"] & {
            /** @description Shown once; the device sends it as `Bearer SERIAL:SECRET` and as its MQTT password. */
            secret: string;
        };
        DeviceCreate: {
            serial: string;
            type: components["schemas"]["DeviceType"];
            location?: string;
            /**
             * Format: int64
             * @description Bind at once to this active elder.
             */
            elder_id?: number;
            notes?: string;
        };
        DeviceUpdate: {
            location?: string;
            notes?: string;
            version: number;
        };
        DeviceBind: {
            /** Format: int64 */
            elder_id: number;
            version: number;
        };
        DeviceVersion: {
            version: number;
        };
        DeviceRetire: {
            version: number;
            reason?: string;
        };
        TimelineEvent: {
            /** Format: int64 */
            id: number;
            device: {
                /** Format: int64 */
                id: number;
                serial: string;
                type: components["schemas"]["DeviceType"];
                location: string;
            };
            kind: components["schemas"]["DeviceEvent"]["type"];
            /**
             * Format: date-time
             * @description The device's clock.
             */
            at: string;
            /** Format: date-time */
            received_at: string;
            /** @description heart_rate: bpm; battery: %. */
            value: number | null;
            battery: number | null;
            /** @enum {string} */
            transport: "mqtt" | "http";
            /**
             * Format: int64
             * @description The alert the event raised or repeated.
             */
            alert_id: number | null;
            lat: number | null;
            lon: number | null;
        };
        ClockWindow: {
            /** @description Local time (the elder's UTC offset). */
            start: string;
            /** @description Before `start`: the window crosses midnight; equal: empty (rule off). */
            end: string;
        };
        /** @description Every rule threshold (modules/monitoring/README.md "Thresholds and their defaults"), as in `defaults` and `effective`. */
        Thresholds: {
            utc_offset_min: number;
            heartbeat_interval_s: number;
            offline_multiple: number;
            low_battery_percent: number;
            battery_clear_margin: number;
            /** @description 0: off; must fit in `daytime`. */
            no_motion_hours: number;
            daytime: components["schemas"]["ClockWindow"];
            night: components["schemas"]["ClockWindow"];
            hr_min: number;
            hr_max: number;
            hr_run: number;
            damping_refires: number;
            damping_window_s: number;
        };
        /** @description The thresholds set for a device type or an elder; every field is optional (absent = inherited). */
        ThresholdOverrides: {
            utc_offset_min?: number;
            heartbeat_interval_s?: number;
            offline_multiple?: number;
            low_battery_percent?: number;
            battery_clear_margin?: number;
            /** @description 0: off; must fit in `daytime`. */
            no_motion_hours?: number;
            daytime?: components["schemas"]["ClockWindow"];
            night?: components["schemas"]["ClockWindow"];
            hr_min?: number;
            hr_max?: number;
            hr_run?: number;
            damping_refires?: number;
            damping_window_s?: number;
        };
        ThresholdEntry: {
            device_type: components["schemas"]["DeviceType"];
            defaults: components["schemas"]["Thresholds"];
            overrides: components["schemas"]["ThresholdOverrides"];
            effective: components["schemas"]["Thresholds"];
            /** @description 0 when nothing is stored. */
            version: number;
            /** Format: date-time */
            updated_at: string | null;
            updated_by: {
                /** Format: int64 */
                id: number;
                display_name: string;
            } | null;
        };
        ThresholdList: {
            items: components["schemas"]["ThresholdEntry"][];
        };
        ThresholdPut: {
            device_type: components["schemas"]["DeviceType"];
            settings: components["schemas"]["ThresholdOverrides"];
            version: number;
        };
        EscalationPlan: {
            /**
             * Format: int64
             * @description null: the sub-district default.
             */
            community_id: number | null;
            /** @description "" for the default. */
            community_name: string;
            /** @description Per level 1..4, seconds after the previous level fell due (defaults 0, 60, 120, 300). */
            delays_s: number[];
            /** @description Level 3: the community station's duty phone (full: responders call it). */
            station_phone: string;
            /** @example 120 */
            emergency_phone: string;
            version: number;
            /** Format: date-time */
            updated_at: string;
            updated_by: {
                /** Format: int64 */
                id: number;
                display_name: string;
            } | null;
            editable: boolean;
        };
        EscalationPlanPut: {
            delays_s: number[];
            station_phone?: string;
            emergency_phone: string;
            version: number;
        };
    };
    responses: {
        /** @description `auth.required` (no, unknown, revoked or expired session) or `auth.inactive` (account deactivated). */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "auth.required",
                 *         "message": "请先登录"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description `auth.forbidden` (missing the permission), `auth.csrf` (state-changing request without the right `X-CSRF-Token`), or `auth.must_change_password` (temporary password not yet replaced). */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "auth.forbidden",
                 *         "message": "您没有执行此操作的权限"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description `not_found`: no such record, or it is outside the caller's data scope. */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "not_found",
                 *         "message": "未找到该记录"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description `request.too_large`: the body is larger than `server.body_limit_kib`. Sent by the HTTP layer (English message, connection closed). */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "request.too_large",
                 *         "message": "The request body is larger than allowed"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Invalid body: `request.*` (not one JSON object, invalid UTF-8, …) or field errors (`validation.*`, unknown fields), all listed in `details`. */
        ValidationFailed: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "validation.unknown_field",
                 *         "message": "未知字段：nmae",
                 *         "field": "nmae",
                 *         "details": [
                 *           {
                 *             "field": "nmae",
                 *             "code": "validation.unknown_field",
                 *             "message": "未知字段：nmae"
                 *           }
                 *         ]
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /**
         * @description Field errors, every bad field in `details`: `validation.*`; `id_number.required`,
         *     `id_number.length`, `id_number.characters`, `id_number.birth_date`,
         *     `id_number.future_birth`, `id_number.check_digit`; `elder.too_young` (under 60);
         *     `phone.invalid` (fields `phone`, `contacts[i].phone`); `elder.org_unit_invalid`
         *     (field `org_unit_id`).
         */
        ElderInvalid: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "id_number.check_digit",
                 *         "message": "身份证号校验位错误，请核对号码",
                 *         "field": "id_number",
                 *         "details": [
                 *           {
                 *             "field": "id_number",
                 *             "code": "id_number.check_digit",
                 *             "message": "身份证号校验位错误，请核对号码"
                 *           },
                 *           {
                 *             "field": "contacts[0].phone",
                 *             "code": "phone.invalid",
                 *             "message": "紧急联系人1 联系电话格式不正确：手机号为11位（1开头），座机如0533-6123456"
                 *           }
                 *         ]
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description `request.bad_query`: a query parameter is out of range or not an allowed value; `field` names it and `details` lists all. */
        BadQuery: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "request.bad_query",
                 *         "message": "查询参数size不正确",
                 *         "field": "size",
                 *         "details": [
                 *           {
                 *             "field": "size",
                 *             "code": "request.bad_query",
                 *             "message": "查询参数size不正确"
                 *           }
                 *         ]
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description `request.rate_limited`: more than `security.api_rate_per_min` requests this minute on this session. */
        TooManyRequests: {
            headers: {
                "Retry-After": components["headers"]["Retry-After"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "request.rate_limited",
                 *         "message": "请求过于频繁，请稍后再试"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description `db.busy` (the database stayed locked, or on PostgreSQL a lock timeout, deadlock, serialization failure or the 30 s statement timeout), `db.pool_exhausted` (no connection became free within `database.busy_timeout_ms`), or `db.connection` / `db.open` (the database cannot be reached). Retry later. */
        ServiceUnavailable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description `internal` (or another code of kind internal); the message is generic and the cause is logged. */
        InternalError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description `conflict.stale_version` (someone changed it since it was read; reload), or for devices `device.retired`, `device.already_bound` (field `elder_id`), `device.not_bound`. */
        DeviceConflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
    };
    parameters: {
        /** @description Record id. A value that is not a positive integer finds nothing (`404`). */
        Id: number;
        /**
         * @description Search text, at most 64 characters after trimming. 4–6 characters of digits and `X`
         *     match the end of the ID number; exactly 4 digits also match the last 4 digits of the
         *     phone. Other text of digits and `-` matches the whole phone number (normalized like a
         *     stored phone: `137-0000-7391` finds `13700007391`), never a part of it, so that the
         *     masked digits cannot be recovered by searching. Anything else matches a part of the name.
         */
        Q: string;
        /** @description Only elders of this community or village. */
        CommunityId: number;
        /** @description Only elders registered at this unit or any unit below it. */
        OrgUnitId: number;
        /** @description Age in whole years today (Asia/Shanghai) at least this. */
        AgeMin: number;
        /** @description Age in whole years today (Asia/Shanghai) at most this. */
        AgeMax: number;
        LivingStatus: components["schemas"]["LivingStatus"];
        /** @description Elders having this special category. */
        Category: components["schemas"]["Category"];
        Sex: "M" | "F";
        /** @description `active` (在册), `left` (已离册) or `all`. */
        Status: "active" | "left" | "all";
        /** @description Order; a leading `-` reverses it. `created_at` is registration order (by id); `age` ascending means youngest first. */
        Sort: "name" | "-name" | "age" | "-age" | "created_at" | "-created_at";
        ElderPage: number;
        ElderSize: number;
    };
    requestBodies: never;
    headers: {
        /** @description Seconds to wait before trying again. */
        "Retry-After": number;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    healthz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The server is up. */
            200: {
                headers: {
                    "Cache-Control"?: "no-store";
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": "ok\n";
                };
            };
        };
    };
    metrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Metrics in the Prometheus text format. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example # HELP eldercare_http_requests_total HTTP requests by method, route and status.
                     *     # TYPE eldercare_http_requests_total counter
                     *     eldercare_http_requests_total{method="GET",route="/api/v1/elders",status="200"} 12
                     */
                    "text/plain": string;
                };
            };
            /** @description `metrics.token`: a token is configured and the request did not bring it. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `metrics.forbidden`: no token is configured and the client is not on this machine. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginRequest"];
            };
        };
        responses: {
            /** @description Signed in. */
            200: {
                headers: {
                    /** @description `ec_session=<token>; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200[; Secure]` */
                    "Set-Cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoginResponse"];
                };
            };
            /** @description `auth.invalid_credentials`: unknown user, wrong password, or a deactivated account (with the right password as with a wrong one). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            /** @description `auth.rate_limited` (too many attempts from this address this minute) or `auth.locked` (this address is locked out of the account after repeated wrong passwords from it, with growing delays; also answered, even to the right password, while the lock lasts; other addresses are not affected). */
            429: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Signed out. */
            204: {
                headers: {
                    /** @description `ec_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0[; Secure]` */
                    "Set-Cookie"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The current user. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            401: components["responses"]["Unauthorized"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    changePassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasswordChange"];
            };
        };
        responses: {
            /** @description Password changed. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            /** @description `auth.password_wrong` (field `old_password`), `auth.password_weak` (field `new_password`), or a `validation.*` field error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listOrgUnits: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The units. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["OrgUnit"][];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createOrgUnit: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OrgUnitCreate"];
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrgUnit"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description `org.name_duplicate`: the parent already has a unit of this name. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            /** @description `org.invalid_parent` (field `parent_id`: absent, out of scope, archived, or of a kind that cannot hold `kind`) or a `validation.*` field error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateOrgUnit: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Record id. A value that is not a positive integer finds nothing (`404`). */
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OrgUnitUpdate"];
            };
        };
        responses: {
            /** @description Updated. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrgUnit"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description `conflict.stale_version` or `org.name_duplicate`. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    archiveOrgUnit: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Record id. A value that is not a positive integer finds nothing (`404`). */
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    version: number;
                };
            };
        };
        responses: {
            /** @description Archived. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description `org.not_empty` (the message counts sub-units, elders and users) or `conflict.stale_version`. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listRoles: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The roles. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Role"][];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listPermissions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The catalogue. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        groups: components["schemas"]["PermissionGroup"][];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    auditLabels: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The labels. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @example {
                         *       "elder": "老人",
                         *       "device": "设备"
                         *     }
                         */
                        entities: {
                            [key: string]: string;
                        };
                        /**
                         * @example {
                         *       "create": "新增",
                         *       "reveal": "查看完整信息"
                         *     }
                         */
                        actions: {
                            [key: string]: string;
                        };
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    listServiceItems: {
        parameters: {
            query?: {
                /** @description Only this category. */
                category?: components["schemas"]["ServiceCategory"];
                /** @description Only active (`true`) or retired (`false`) items. */
                active?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The items. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["ServiceItem"][];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["ValidationFailed"];
        };
    };
    createServiceItem: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ServiceItemInput"];
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceItem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description `catalog.name_duplicate`: the category already has an item of this name. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
        };
    };
    updateServiceItem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ServiceItemInput"] & {
                    /** @default true */
                    active?: boolean;
                    version: number;
                };
            };
        };
        responses: {
            /** @description The item as stored. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceItem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description `conflict.stale_version` or `catalog.name_duplicate`. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
        };
    };
    getAssessmentCatalog: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The form definition. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AssessmentCatalog"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
        };
    };
    listAssessors: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The users. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: number;
                            name: string;
                            unit: string;
                        }[];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
        };
    };
    listElderAssessments: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Record id. A value that is not a positive integer finds nothing (`404`). */
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The elder's assessments. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Assessment"][];
                        current: components["schemas"]["Assessment"] | null;
                        /** Format: date */
                        due_on: string | null;
                        due: boolean;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    createAssessment: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AssessmentInput"] & {
                    /** Format: uuid */
                    client_id: string;
                    elder_id: number;
                    supersedes_id?: number | null;
                };
            };
        };
        responses: {
            /** @description The record already stored under this `client_id`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Assessment"];
                };
            };
            /** @description Created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Assessment"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description `assessment.client_id_taken`: the client id belongs to a record outside your scope. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
        };
    };
    listAssessmentsDue: {
        parameters: {
            query?: {
                /** @description Only this community. */
                community_id?: number;
                page?: number;
                size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of elders due. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["AssessmentDue"][];
                        total: number;
                        page: number;
                        size: number;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["ValidationFailed"];
        };
    };
    getAssessment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Record id. A value that is not a positive integer finds nothing (`404`). */
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The assessment. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Assessment"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    updateAssessment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Record id. A value that is not a positive integer finds nothing (`404`). */
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AssessmentInput"] & {
                    version: number;
                };
            };
        };
        responses: {
            /** @description The assessment as stored. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Assessment"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description `assessment.not_editable` (submitted, reviewed or superseded) or `conflict.stale_version`. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
        };
    };
    submitAssessment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Record id. A value that is not a positive integer finds nothing (`404`). */
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AssessmentVersion"];
            };
        };
        responses: {
            /** @description The submitted assessment. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Assessment"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description `assessment.not_editable` or `conflict.stale_version`. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            422: components["responses"]["ValidationFailed"];
        };
    };
    reviewAssessment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Record id. A value that is not a positive integer finds nothing (`404`). */
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AssessmentVersion"];
            };
        };
        responses: {
            /** @description The reviewed assessment. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Assessment"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description `assessment.not_submitted` or `conflict.stale_version`. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            422: components["responses"]["ValidationFailed"];
        };
    };
    returnAssessment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Record id. A value that is not a positive integer finds nothing (`404`). */
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    version: number;
                    reason: string;
                };
            };
        };
        responses: {
            /** @description The returned assessment. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Assessment"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description `assessment.not_submitted` or `conflict.stale_version`. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            422: components["responses"]["ValidationFailed"];
        };
    };
    getMyPhone: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller's phone. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MyPhone"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    setMyPhone: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description A mainland mobile (11 digits, 1[3-9]…) or landline (0533-6123456[-ext]); separators and +86 are accepted. */
                    phone: string | null;
                };
            };
        };
        responses: {
            /** @description The new state. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MyPhone"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            /** @description `phone.invalid` (field `phone`, the message names the rule), `validation.required` (no `phone`), or another `validation.*` field error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    confirmMyPhone: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The new state. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MyPhone"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description `user.phone_missing` (field `phone`): the caller has no phone to confirm. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listUsers: {
        parameters: {
            query?: {
                /** @description Page number, from 1; values below 1 become 1. */
                page?: number;
                /** @description Page size; clamped to 1..200. */
                size?: number;
                /** @description Substring of the user name or display name. */
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of users. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["User"][];
                        total: number;
                        page: number;
                        size: number;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UserCreate"];
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            401: components["responses"]["Unauthorized"];
            /** @description `user.role_not_grantable` when the role is not one the caller may grant (it holds a permission the caller lacks, or it is `street_admin` or `auditor` and the caller's scope is not `all`); otherwise as for every route. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `user.username_taken` (field `username`). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            /** @description `user.username_invalid`, `auth.password_weak` (field `password`), `validation.enum` (field `org_unit_id`: no such unit in your scope), or another `validation.*` field error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Record id. A value that is not a positive integer finds nothing (`404`). */
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The user. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Record id. A value that is not a positive integer finds nothing (`404`). */
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UserUpdate"];
            };
        };
        responses: {
            /** @description Updated. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            401: components["responses"]["Unauthorized"];
            /** @description `user.role_not_grantable` when the user's current role, or the new one, is not one the caller may grant; otherwise as for every route. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            /** @description `user.self_change` (field `active` or `role`), `validation.enum` (field `org_unit_id`), or another `validation.*` field error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    resetUserPassword: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Record id. A value that is not a positive integer finds nothing (`404`). */
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The temporary password. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        temporary_password: string;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            /** @description `user.role_not_grantable` when the user's role is not one the caller may grant; otherwise as for every route. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    ingestEvents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DeviceEvent"] | components["schemas"]["DeviceEvent"][] | {
                    events: components["schemas"]["DeviceEvent"][];
                };
            };
        };
        responses: {
            /** @description What happened to each event. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        accepted: number;
                        duplicates: number;
                        rejected: number;
                        items: {
                            index: number;
                            event_id: string;
                            /** @enum {string} */
                            outcome: "accepted" | "duplicate" | "rejected";
                            alert_id?: number;
                            /** @enum {string} */
                            reason?: "malformed" | "out_of_range" | "clock_skew";
                            message?: string;
                        }[];
                    };
                };
            };
            /** @description `ingest.bad_credentials`: no token, an unknown device or a wrong secret. Counted in `/metrics` (`eldercare_ingest_unauthenticated_total`), the payload is not stored. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `ingest.device_retired` or `ingest.device_unbound`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            /** @description `ingest.malformed`: the body is not an event, an array of events or `{"events": [...]}`. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `ingest.rate_limited` with `Retry-After`: this address sent 20 requests without valid device credentials within a minute; it is refused until the minute ends (valid devices elsewhere are unaffected). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    searchAudit: {
        parameters: {
            query?: {
                /** @description Page number, from 1; values below 1 become 1. */
                page?: number;
                /** @description Page size; clamped to 1..500. */
                size?: number;
                /** @description Substring of the acting user's user name (as recorded at the time). */
                actor?: string;
                /** @description Exact action. */
                action?: string;
                /** @description Exact entity. */
                entity?: string;
                /** @description Exact entity id (as text). */
                entity_id?: string;
                /** @description Entries at or after this time; ISO 8601 with offset, or a date (midnight in Asia/Shanghai). */
                from?: string;
                /** @description Entries up to this time: a plain date (`YYYY-MM-DD`) includes that whole day; a time includes entries up to and including that exact millisecond (entries are stored in milliseconds but shown in whole seconds, so `to` equal to an entry's shown time may exclude it). */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of entries. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["AuditEntry"][];
                        total: number;
                        page: number;
                        size: number;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description `datetime.invalid` (field `from` or `to`). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listAlerts: {
        parameters: {
            query?: {
                state?: "active" | "open" | "acknowledged" | "resolved" | "all";
                severity?: components["schemas"]["AlertSeverity"];
                kind?: components["schemas"]["AlertKind"];
                /** @description Only alerts of this community or village. */
                community_id?: number;
                elder_id?: number;
                /** @description Alerts created at or after this time; ISO 8601 with offset, or a date (midnight in Asia/Shanghai). */
                from?: string;
                /** @description Alerts created before this time; a plain date includes that whole day. */
                to?: string;
                page?: number;
                size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of alerts. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Alert"][];
                        total: number;
                        page: number;
                        size: number;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description `request.bad_query` (a filter out of its allowed values; `field` names it) or `datetime.invalid` (field `from` or `to`). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    alertStats: {
        parameters: {
            query?: {
                from?: string;
                /** @description A plain date includes that whole day. */
                to?: string;
                community_id?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The figures. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        from: string;
                        /** Format: date-time */
                        to: string;
                        communities: (components["schemas"]["ResponseFigures"] & {
                            /** Format: int64 */
                            community_id: number;
                            community_name: string;
                            critical: components["schemas"]["ResponseFigures"];
                            warning: components["schemas"]["ResponseFigures"];
                            technical: components["schemas"]["ResponseFigures"];
                        })[];
                        total: components["schemas"]["ResponseFigures"];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description `request.bad_query` (`community_id`, an empty or longer than 400-day range) or `datetime.invalid`. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getAlert: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Record id. A value that is not a positive integer finds nothing (`404`). */
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The alert. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertDetail"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    acknowledgeAlert: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Record id. A value that is not a positive integer finds nothing (`404`). */
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    note?: string;
                    /** @description The version read; a stale one is 409. */
                    version?: number;
                };
            };
        };
        responses: {
            /** @description The alert. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Alert"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description `alert.stale` (the `version` sent is not the current one) or `alert.already_resolved`. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            /** @description `monitoring.unavailable` (the monitoring service is not running or stopping) or a database error. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    resolveAlert: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Record id. A value that is not a positive integer finds nothing (`404`). */
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description 误报 false_alarm, 上门确认安全 safe_on_visit, 送医 hospital, 其他 other.
                     * @enum {string}
                     */
                    outcome: "false_alarm" | "safe_on_visit" | "hospital" | "other";
                    note?: string;
                    version?: number;
                };
            };
        };
        responses: {
            /** @description The alert. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Alert"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description `alert.stale` (the `version` sent is not the current one) or `alert.already_resolved`. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            /** @description `monitoring.unavailable` or a database error. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    liveFeed: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Switching protocols; the WebSocket is open. */
            101: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            /** @description `live.origin` (a foreign Origin), or as `Forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `live.upgrade_required`: not a WebSocket upgrade. */
            426: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            /** @description `monitoring.unavailable` (the live feed is off, or the server is stopping). */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listElders: {
        parameters: {
            query?: {
                /**
                 * @description Search text, at most 64 characters after trimming. 4–6 characters of digits and `X`
                 *     match the end of the ID number; exactly 4 digits also match the last 4 digits of the
                 *     phone. Other text of digits and `-` matches the whole phone number (normalized like a
                 *     stored phone: `137-0000-7391` finds `13700007391`), never a part of it, so that the
                 *     masked digits cannot be recovered by searching. Anything else matches a part of the name.
                 */
                q?: components["parameters"]["Q"];
                /** @description Only elders of this community or village. */
                community_id?: components["parameters"]["CommunityId"];
                /** @description Only elders registered at this unit or any unit below it. */
                org_unit_id?: components["parameters"]["OrgUnitId"];
                /** @description Age in whole years today (Asia/Shanghai) at least this. */
                age_min?: components["parameters"]["AgeMin"];
                /** @description Age in whole years today (Asia/Shanghai) at most this. */
                age_max?: components["parameters"]["AgeMax"];
                living_status?: components["parameters"]["LivingStatus"];
                /** @description Elders having this special category. */
                category?: components["parameters"]["Category"];
                sex?: components["parameters"]["Sex"];
                /** @description `active` (在册), `left` (已离册) or `all`. */
                status?: components["parameters"]["Status"];
                /** @description Order; a leading `-` reverses it. `created_at` is registration order (by id); `age` ascending means youngest first. */
                sort?: components["parameters"]["Sort"];
                page?: components["parameters"]["ElderPage"];
                size?: components["parameters"]["ElderSize"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of elders. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["ElderSummary"][];
                        total: number;
                        page: number;
                        size: number;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["BadQuery"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createElder: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ElderCreate"];
            };
        };
        responses: {
            /** @description Registered. */
            201: {
                headers: {
                    /** @description `/api/v1/elders/{id}` of the new record. */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Elder"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description `elder.id_number_duplicate` (field `id_number`): the ID number is already registered (anywhere, also outside the caller's scope). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ElderInvalid"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getElder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Record id. A value that is not a positive integer finds nothing (`404`). */
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The elder. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Elder"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateElder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Record id. A value that is not a positive integer finds nothing (`404`). */
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ElderUpdate"];
            };
        };
        responses: {
            /** @description Updated. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Elder"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description `conflict.stale_version`, `elder.left` (the elder has left the registry), or `elder.id_number_duplicate` (field `id_number`). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ElderInvalid"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    leaveElder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Record id. A value that is not a positive integer finds nothing (`404`). */
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ElderLeave"];
            };
        };
        responses: {
            /** @description The elder, now with `status` `left`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Elder"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description `elder.left` (already left) or `conflict.stale_version`. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            /** @description `date.invalid` (field `date`: not a date, or in the future) or a `validation.*` field error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    revealElderField: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Record id. A value that is not a positive integer finds nothing (`404`). */
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RevealRequest"];
            };
        };
        responses: {
            /** @description The full value. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @example 37032219450312002X */
                        value: string;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    importElders: {
        parameters: {
            query?: {
                /** @description `true` checks only; `false` writes when there are no errors. */
                dry_run?: "true" | "false";
                /** @description The uploaded file's name; its extension picks the format when `Content-Type` does not. */
                filename?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "text/csv": string;
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                "application/octet-stream": string;
            };
        };
        responses: {
            /** @description The report (a dry run, or a commit that wrote every row). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportReport"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description `request.too_large` (body over `server.import_limit_mib`); field `file`: `import.too_large` (over 200,000 rows or 4,000,000 cells, or over 64 MiB uncompressed), `import.too_many_columns` (a row of over 1,024 cells), `import.text_too_large` (over 64 MiB of cell text in all, a shared string counted for each cell using it). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `request.unsupported_media_type`: neither the content type nor the file name says CSV or .xlsx. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description About the file (field `file`): `request.body_required` (empty body),
             *     `import.no_header`, `import.encoding` (neither UTF-8 nor GB18030),
             *     `import.csv_malformed`, `import.xlsx_malformed`; about the query: `request.bad_query`
             *     (field `dry_run`); or, on a commit with row errors, `import.has_errors` with the
             *     report beside the error (schema `ImportFailed`).
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportFailed"] | components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    importTemplate: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The template. */
            200: {
                headers: {
                    /** @description `attachment; filename="elders-template.xlsx"; filename*=UTF-8''%E8%80%81...xlsx` (老人信息导入模板.xlsx) */
                    "Content-Disposition"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    exportElders: {
        parameters: {
            query?: {
                /**
                 * @description Search text, at most 64 characters after trimming. 4–6 characters of digits and `X`
                 *     match the end of the ID number; exactly 4 digits also match the last 4 digits of the
                 *     phone. Other text of digits and `-` matches the whole phone number (normalized like a
                 *     stored phone: `137-0000-7391` finds `13700007391`), never a part of it, so that the
                 *     masked digits cannot be recovered by searching. Anything else matches a part of the name.
                 */
                q?: components["parameters"]["Q"];
                /** @description Only elders of this community or village. */
                community_id?: components["parameters"]["CommunityId"];
                /** @description Only elders registered at this unit or any unit below it. */
                org_unit_id?: components["parameters"]["OrgUnitId"];
                /** @description Age in whole years today (Asia/Shanghai) at least this. */
                age_min?: components["parameters"]["AgeMin"];
                /** @description Age in whole years today (Asia/Shanghai) at most this. */
                age_max?: components["parameters"]["AgeMax"];
                living_status?: components["parameters"]["LivingStatus"];
                /** @description Elders having this special category. */
                category?: components["parameters"]["Category"];
                sex?: components["parameters"]["Sex"];
                /** @description `active` (在册), `left` (已离册) or `all`. */
                status?: components["parameters"]["Status"];
                /** @description Order; a leading `-` reverses it. `created_at` is registration order (by id); `age` ascending means youngest first. */
                sort?: components["parameters"]["Sort"];
                page?: components["parameters"]["ElderPage"];
                size?: components["parameters"]["ElderSize"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The workbook (sheet 老人信息). */
            200: {
                headers: {
                    /** @description `attachment; filename="elders-YYYY-MM-DD.xlsx"; filename*=UTF-8''…` (老人信息-YYYY-MM-DD.xlsx, date in Asia/Shanghai) */
                    "Content-Disposition"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["BadQuery"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listDevices: {
        parameters: {
            query?: {
                type?: components["schemas"]["DeviceType"];
                /** @description `active` (default), `retired` or `all`. */
                status?: "active" | "retired" | "all";
                /** @description `true`: bound to an elder; `false`: in stock. */
                bound?: "true" | "false";
                elder_id?: number;
                /** @description Only elders of this community or village. */
                community_id?: components["parameters"]["CommunityId"];
                /** @description Substring of the serial or of the bound elder's name (at most 40 characters; case-insensitive). */
                q?: string;
                /** @description Only devices with an open alert of this kind: `offline` or `low_battery` (the health panel links here). */
                alert?: "offline" | "low_battery";
                page?: components["parameters"]["ElderPage"];
                size?: components["parameters"]["ElderSize"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of devices. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Device"][];
                        total: number;
                        page: number;
                        size: number;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["BadQuery"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    registerDevice: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DeviceCreate"];
            };
        };
        responses: {
            /** @description Registered. `secret` appears in this response only. */
            201: {
                headers: {
                    /** @description `/api/v1/devices/{id}` of the new device. */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeviceWithSecret"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description `device.serial_taken` (field `serial`), or `device.login_foreign`: the broker has a login of that name that is not a device login (it is left alone). A serial naming the broker's own logins (the service login, the server's client ids, `admin`) is `422 device.serial_reserved`. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            /** @description `device.serial_invalid`, `device.elder_left` (field `elder_id`), or a `validation.*` field error. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            /** @description `device.provision_failed`: the broker did not accept the login (nothing was stored); or the database is busy. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deviceImportTemplate: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The template. */
            200: {
                headers: {
                    /** @description `attachment; filename="devices-template.xlsx"; filename*=UTF-8''%E8%AE%BE...xlsx` (设备批量导入模板.xlsx) */
                    "Content-Disposition"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    importDevices: {
        parameters: {
            query?: {
                /** @description `true` checks only; `false` (the default) writes when there are no errors. */
                dry_run?: "true" | "false";
                /** @description The uploaded file's name; its extension picks the format when `Content-Type` does not. */
                filename?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                /**
                 * @example 序列号,类型,老人身份证号,安装位置,备注
                 *     TZ-SOS-000123,SOS呼叫器,11010519491231002X,卧室床头,
                 */
                "text/csv": string;
            };
        };
        responses: {
            /** @description A dry run's report (with or without row errors). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeviceImportReport"];
                };
            };
            /** @description Every device registered; each `devices[]` item has its `id` and `secret` (shown once). */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeviceImportReport"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description `device.serial_taken`: a serial of the file was registered by someone else between the check and the commit; nothing was written. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `device_import.too_large` (over 1 MiB), `device_import.too_many_rows` (over 2,000 devices), `import.too_many_columns` (a row of over 1,024 cells), `import.text_too_large` (over 64 MiB of cell text, e.g. one large shared string used by many cells), `import.too_large` (over 4,000,000 cells), all field `file`; `request.too_large` over 4 MiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `device_import.media_type`: neither the `Content-Type` nor the `filename` says .xlsx or CSV. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description About the file (field `file`): `request.body_required`, `device_import.no_header` (empty),
             *     `import.not_utf8`, `import.csv_malformed`, `import.xlsx_malformed` (not a workbook,
             *     or a damaged one), `device_import.no_rows` (a header only,
             *     with the report); about the query: `request.bad_query` (`dry_run`); or, when not a dry
             *     run and a row has an error, `import.has_errors` with the report.
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeviceImportFailed"] | components["schemas"]["Error"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            /** @description `device.provision_failed` with the report (`not_provisioned` lists the serials the broker refused; nothing was written), or the database is busy. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeviceImportFailed"] | components["schemas"]["Error"];
                };
            };
        };
    };
    getDevice: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Record id. A value that is not a positive integer finds nothing (`404`). */
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The device. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Device"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateDevice: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Record id. A value that is not a positive integer finds nothing (`404`). */
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DeviceUpdate"];
            };
        };
        responses: {
            /** @description Updated. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Device"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["DeviceConflict"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    bindDevice: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Record id. A value that is not a positive integer finds nothing (`404`). */
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DeviceBind"];
            };
        };
        responses: {
            /** @description Bound. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Device"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["DeviceConflict"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    unbindDevice: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Record id. A value that is not a positive integer finds nothing (`404`). */
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DeviceVersion"];
            };
        };
        responses: {
            /** @description Unbound. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Device"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["DeviceConflict"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    retireDevice: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Record id. A value that is not a positive integer finds nothing (`404`). */
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DeviceRetire"];
            };
        };
        responses: {
            /** @description Retired. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Device"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["DeviceConflict"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    resetDeviceSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Record id. A value that is not a positive integer finds nothing (`404`). */
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    version?: number;
                };
            };
        };
        responses: {
            /** @description The device with its new `secret` (shown in this response only). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeviceWithSecret"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["DeviceConflict"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            /** @description `device.provision_failed` (nothing changed) or the database is busy. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listElderDevices: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Record id. A value that is not a positive integer finds nothing (`404`). */
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The elder's devices, by type. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Device"][];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listElderEvents: {
        parameters: {
            query?: {
                /** @description The cursor `next_before` of the previous page. */
                before?: string;
                limit?: number;
            };
            header?: never;
            path: {
                /** @description Record id. A value that is not a positive integer finds nothing (`404`). */
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of events. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["TimelineEvent"][];
                        next_before: string | null;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["BadQuery"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getElderThresholds: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Record id. A value that is not a positive integer finds nothing (`404`). */
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ten entries, one per device type. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ThresholdList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    putElderThresholds: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Record id. A value that is not a positive integer finds nothing (`404`). */
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ThresholdPut"];
            };
        };
        responses: {
            /** @description The entry after the change. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ThresholdEntry"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["DeviceConflict"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getThresholds: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ten entries, one per device type. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ThresholdList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    putThresholds: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ThresholdPut"];
            };
        };
        responses: {
            /** @description The entry after the change. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ThresholdEntry"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["DeviceConflict"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    monitoringHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The health. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MonitoringHealth"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listEscalationPlans: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The plans. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["EscalationPlan"][];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    putEscalationPlan: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: number | "default";
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EscalationPlanPut"];
            };
        };
        responses: {
            /** @description The plan after the change. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EscalationPlan"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["DeviceConflict"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteEscalationPlan: {
        parameters: {
            query?: {
                version?: number;
            };
            header?: never;
            path: {
                community_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["DeviceConflict"];
            422: components["responses"]["BadQuery"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
}
