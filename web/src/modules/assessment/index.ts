import { AlarmClock, DataAnalysis } from '@element-plus/icons-vue'
import { defineModule, menuGroup, page } from '@/modules/types'

/** Pages reached from a list or the elder page: not in the menu. */
const underDue = { hidden: true, activeMenu: '/assessment/due' }

/**
 * 能力评估: the national ability assessment (GB/T 42195-2022; docs/ASSESSMENT.md). The form,
 * the record with review and print, and the due list; the elder page shows its section
 * (components/ElderAssessments.vue).
 */
export default defineModule({
  name: 'assessment',
  order: 15,
  routes: [
    menuGroup('assessment', { title: 'assessment.menu', icon: DataAnalysis, permission: ['assessment:record:view'] }, [
      page('due', 'assessment-due', () => import('./views/DueList.vue'), 'assessment.dueMenu', 'assessment:record:view', { icon: AlarmClock }),
      page('new', 'assessment-new', () => import('./views/AssessmentForm.vue'), 'assessment.formTitle', 'assessment:record:edit', underDue),
      page(':id(\\d+)', 'assessment-view', () => import('./views/AssessmentView.vue'), 'assessment.viewTitle', 'assessment:record:view', underDue),
      page(':id(\\d+)/edit', 'assessment-edit', () => import('./views/AssessmentForm.vue'), 'assessment.formTitle', 'assessment:record:edit', underDue),
    ]),
  ],
  shortcuts: [{ to: '/assessment/due', icon: DataAnalysis, label: 'assessment.dueMenu', permission: 'assessment:record:view' }],
})
