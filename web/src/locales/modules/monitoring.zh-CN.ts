// Remote monitoring permission names; the other monitoring strings are in alerts, devices, …
export default {
  perm: {
    'monitoring:device:view': '查看看护设备',
    'monitoring:device:edit': '管理看护设备',
    'monitoring:alert:view': '查看告警',
    'monitoring:alert:handle': '处置告警',
    'monitoring:settings:edit': '修改看护阈值',
    'monitoring:plan:edit': '修改上报流程',
    'monitoring:ingest:view': '查看设备上报记录',
  },
}
