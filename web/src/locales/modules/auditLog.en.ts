// The audit page's labels for changed fields that the form labels do not have. The names of
// actions and entities come from the server (GET /api/v1/audit/labels).
export default {
  auditLog: {
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
      phone_confirmed_at: 'Confirmed by the user',
      locked_until: 'Locked until',
      count: 'Count',
      bound: 'Bound to elders',
      created: 'Created',
      updated: 'Updated',
      query: 'Query',
    },
  },
}
