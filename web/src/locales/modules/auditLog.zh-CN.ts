// The audit page's labels for actions, entities and changed fields that the base enums
// (enums.audit_action, enums.audit_entity) and the form labels do not have: remote monitoring's.
export default {
  auditLog: {
    actions: {
      archive: '停用',
      bind: '绑定',
      unbind: '解绑',
      retire: '停用设备',
      reset_secret: '重置密钥',
      acknowledge: '接警',
      resolve: '处置',
      delete: '删除',
    },
    entities: {
      device: '设备',
      alert: '告警',
      threshold_settings: '告警阈值',
      elder_thresholds: '老人告警阈值',
      escalation_plan: '升级方案',
    },
    fields: {
      org_unit_id: '所属单位',
      elder_id: '老人',
      serial: '序列号',
      type: '设备类型',
      location: '安装位置',
      settings: '阈值',
      delays_s: '升级时限（秒）',
      station_phone: '社区站值班电话',
      emergency_phone: '急救电话',
      reason: '原因',
      left_reason: '离册原因',
      left_date: '离册日期',
      archived: '已停用',
      locked_until: '锁定至',
      count: '数量',
      bound: '已绑定老人',
      created: '新增',
      updated: '更新',
      query: '查询条件',
    },
  },
}
