/**
 * Names for the API's types, all taken from the types generated from docs/openapi.yaml
 * (schema.d.ts, `npm run gen:api`), so the web cannot drift from the server's contract. Only the
 * live feed's messages (a WebSocket, not in OpenAPI) and a few list constants are written here;
 * the constants are checked against the generated unions.
 */
import type { components, operations } from './schema'

type S = components['schemas']
/** The query parameters of an operation. */
type Query<O extends keyof operations> = NonNullable<operations[O]['parameters']['query']>
/** The JSON body of an operation's answer. */
type Json<O extends keyof operations, C extends keyof operations[O]['responses'] = 200 extends keyof operations[O]['responses'] ? 200 : never> =
  operations[O]['responses'][C] extends { content: { 'application/json': infer T } } ? T : never

/** `list` holds exactly the members of union `U` (fails to compile otherwise). */
const all =
  <U extends string>() =>
  <L extends readonly U[]>(list: L & ([U] extends [L[number]] ? unknown : { missing: Exclude<U, L[number]> })) =>
    list

// ---- common ----
export type FieldError = S['FieldError']
/** The error body of every non-2xx answer; an import's 422 adds its report. */
export type ErrorEnvelope = S['Error'] & { report?: unknown }
export interface Page<T> {
  items: T[]
  total: number
  page?: number
  size?: number
}
export interface Items<T> {
  items: T[]
}
export type IdName = S['Ref']
export type OrgKind = S['OrgKind']

// ---- auth, account ----
export type DataScope = S['DataScope']
export type Me = S['Me']
export type LoginRequest = S['LoginRequest']
export type LoginResponse = S['LoginResponse']
export type ChangePasswordRequest = S['PasswordChange']
export type MyPhone = S['MyPhone']
export type RoleCode = S['RoleCode']
export type PermissionCode = S['Permission']

// ---- org ----
export type OrgUnit = S['OrgUnit']
export interface OrgUnitNode extends OrgUnit {
  children: OrgUnitNode[]
}
export type OrgUnitCreate = S['OrgUnitCreate']
export type OrgUnitUpdate = S['OrgUnitUpdate']

// ---- system ----
export type UserRow = S['User']
export type UserCreate = S['UserCreate']
export type UserUpdate = S['UserUpdate']
export type Role = S['Role']
export type AuditEntry = S['AuditEntry']
export type AuditQuery = Query<'searchAudit'>

// ---- registry ----
export type Sex = S['ElderBase']['sex']
export type LivingStatus = S['LivingStatus']
export type Category = S['Category']
export type Relation = S['Relation']
export type ElderStatus = S['ElderBase']['status']
export type LeftReason = S['ElderLeave']['reason']
export const LIVING_STATUSES = all<LivingStatus>()(['alone', 'empty_nest', 'with_family', 'institution', 'other'] as const)
export const CATEGORIES = all<Category>()([
  'extreme_poverty',
  'subsistence',
  'lost_only_child',
  'disabled',
  'low_income',
  'left_behind',
  'veteran',
  'advanced_age',
] as const)
export const RELATIONS = all<Relation>()(['son', 'daughter', 'spouse', 'grandchild', 'relative', 'neighbor', 'other'] as const)
export const LEFT_REASONS = all<LeftReason>()(['moved', 'deceased', 'other'] as const)
export type ElderSummary = S['ElderSummary']
export type Elder = S['Elder']
export type ContactView = S['Contact']
export type HouseholdMember = Elder['household_members'][number]
export type ElderQuery = Query<'listElders'>
export type ContactInput = S['ContactInput']
export type ElderCreate = S['ElderCreate']
export type ElderUpdate = S['ElderUpdate']
/** What the elder form builds before it is sent as a create or an update. */
export type ElderInput = Partial<ElderCreate> & { version?: number }
export type RevealRequest = S['RevealRequest']
export type RevealField = RevealRequest['field']
export type LeaveRequest = S['ElderLeave']
export type ImportRowError = S['ImportRowError']
export type ImportReport = S['ImportReport']

// ---- monitoring: devices, thresholds, plans ----
export type DeviceType = S['DeviceType']
export const DEVICE_TYPES = all<DeviceType>()([
  'sos_pendant',
  'fall_detector',
  'door_sensor',
  'motion_sensor',
  'bed_sensor',
  'smoke',
  'gas',
  'water_leak',
  'heart_rate_band',
  'gps_watch',
] as const)
export type EventKind = S['DeviceEvent']['type']
export type DeviceStatus = S['Device']['status']
export type Device = S['Device']
export type DeviceWithSecret = S['DeviceWithSecret']
export type DeviceQuery = Query<'listDevices'>
export type DeviceCreate = S['DeviceCreate']
export type TimelineEvent = S['TimelineEvent']
export type TimelinePage = Json<'listElderEvents'>
export type ClockWindow = S['ClockWindow']
/** Every rule threshold (defaults, effective values). */
export type Thresholds = S['Thresholds']
export type ThresholdKey = keyof Thresholds
/** What is stored: only the thresholds set. */
export type ThresholdOverrides = S['ThresholdOverrides']
export type ThresholdEntry = S['ThresholdEntry']
export type ThresholdPut = S['ThresholdPut']
export type EscalationPlan = S['EscalationPlan']
export type EscalationPlanPut = S['EscalationPlanPut']
export type DeviceImportIssue = S['DeviceImportIssue']
export type DeviceImportReport = S['DeviceImportReport']
export type DeviceImportRow = DeviceImportReport['devices'][number]

// ---- monitoring: alerts ----
export type AlertKind = S['AlertKind']
export const ALERT_KINDS = all<AlertKind>()([
  'sos',
  'fall',
  'smoke',
  'gas',
  'water',
  'no_motion',
  'door_night',
  'heart_rate',
  'offline',
  'low_battery',
] as const)
export type Severity = S['AlertSeverity']
export const SEVERITIES = all<Severity>()(['critical', 'warning', 'technical'] as const)
export type AlertState = S['Alert']['state']
export type StateFilter = NonNullable<AlertQuery['state']>
export const STATE_FILTERS = all<StateFilter>()(['active', 'open', 'acknowledged', 'resolved', 'all'] as const)
export type Outcome = NonNullable<S['Alert']['outcome']>
/** The outcomes a person records (auto_cleared is the server's). */
export const OUTCOMES = all<Exclude<Outcome, 'auto_cleared'>>()(['false_alarm', 'safe_on_visit', 'hospital', 'other'] as const)
export type AlertPerson = NonNullable<S['AlertPerson']>
export type Alert = S['Alert']
export type AlertDetail = S['AlertDetail']
export type AlertAction = AlertDetail['actions'][number]
export type AlertNotification = AlertDetail['notifications'][number]
export type AlertContacts = AlertDetail['contacts']
export type AlertQuery = Query<'listAlerts'>
export type ResponseFigures = S['ResponseFigures']
export type AlertStats = Json<'alertStats'>
export type CommunityFigures = AlertStats['communities'][number]

// ---- monitoring: health ----
export type MonitoringHealth = S['MonitoringHealth']
export type HealthStatus = MonitoringHealth['status']
export type HealthProblem = MonitoringHealth['problems'][number]
/** The node-wide facts: what the live feed pushes as {"type":"health", …} (no device counts). */
export type HealthFacts = Omit<MonitoringHealth, 'devices'>

// ---- the live feed (GET /api/v1/live, a WebSocket: not described by OpenAPI's schemas) ----
export type LiveOp = 'raised' | 'repeat' | 'acknowledged' | 'resolved' | 'escalated' | 'cleared'
export type LiveMessage = { type: 'hello' } | { type: 'alert'; op: LiveOp; alert: Alert } | ({ type: 'health' } & HealthFacts)
