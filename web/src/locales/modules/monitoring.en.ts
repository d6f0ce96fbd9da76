// Remote monitoring permission names; the other monitoring strings are in alerts, devices, …
export default {
  perm: {
    'monitoring:device:view': 'View monitoring devices',
    'monitoring:device:edit': 'Manage monitoring devices',
    'monitoring:alert:view': 'View alerts',
    'monitoring:alert:handle': 'Handle alerts',
    'monitoring:settings:edit': 'Edit monitoring thresholds',
    'monitoring:plan:edit': 'Edit escalation plans',
    'monitoring:ingest:view': 'View device ingest records',
  },
}
