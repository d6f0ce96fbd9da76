// The audit page's labels for actions, entities and changed fields that the base enums
// (enums.audit_action, enums.audit_entity) and the form labels do not have: remote monitoring's.
export default {
  auditLog: {
    actions: {
      archive: 'Archive',
      bind: 'Bind',
      unbind: 'Unbind',
      retire: 'Retire device',
      reset_secret: 'New secret',
      acknowledge: 'Acknowledge',
      resolve: 'Resolve',
      delete: 'Delete',
    },
    entities: {
      device: 'Device',
      alert: 'Alert',
      threshold_settings: 'Thresholds',
      elder_thresholds: "Elder's thresholds",
      escalation_plan: 'Escalation plan',
    },
    fields: {
      org_unit_id: 'Org unit',
      elder_id: 'Elder',
      serial: 'Serial',
      type: 'Device type',
      location: 'Location',
      settings: 'Thresholds',
      delays_s: 'Escalation delays (s)',
      station_phone: 'Station duty phone',
      emergency_phone: 'Emergency number',
      reason: 'Reason',
      left_reason: 'Reason for leaving',
      left_date: 'Date left',
      archived: 'Archived',
      locked_until: 'Locked until',
      count: 'Count',
      bound: 'Bound to elders',
      created: 'Created',
      updated: 'Updated',
      query: 'Query',
    },
  },
}
