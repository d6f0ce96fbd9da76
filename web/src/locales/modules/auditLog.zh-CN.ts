// The audit page's labels for changed fields that the form labels do not have. The names of
// actions and entities come from the server (GET /api/v1/audit/labels).
export default {
  auditLog: {
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
      phone_confirmed_at: '本人确认时间',
      locked_until: '锁定至',
      count: '数量',
      bound: '已绑定老人',
      created: '新增',
      updated: '更新',
      query: '查询条件',
    },
  },
}
