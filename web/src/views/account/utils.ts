import type { MyPhone, Me } from '@/types/api'
import { parsePhone, type PhoneProblem } from '@/utils/phone'

/** What the 联系电话 card says about the user's own phone. */
export type PhoneState = 'missing' | 'unconfirmed' | 'confirmed'

export function phoneState(p: MyPhone | null | undefined): PhoneState {
  if (!p || !p.phone_masked) return 'missing'
  return p.confirmed_at ? 'confirmed' : 'unconfirmed'
}

/**
 * Users whom escalation level 1 calls (docs/MONITORING.md "Escalation"): building leaders and
 * grid volunteers (role `volunteer`) and anyone who looks after their own linked elders only
 * (data scope `self`). The home page reminds them to fill in or confirm their number.
 */
export function isFirstResponder(me: Pick<Me, 'role' | 'data_scope'> | null | undefined): boolean {
  return !!me && (me.role.code === 'volunteer' || me.data_scope === 'self')
}

/** The home reminder, if any: 'missing' or 'unconfirmed' for a first responder, else null. */
export function phoneReminder(me: Pick<Me, 'role' | 'data_scope'> | null | undefined, p: MyPhone | null | undefined): Exclude<PhoneState, 'confirmed'> | null {
  if (!isFirstResponder(me) || !p) return null
  const s = phoneState(p)
  return s === 'confirmed' ? null : s
}

/**
 * The client-side check of the edit input, the server's rule (core/phone): null when valid,
 * else the problem (for a message that says what is wrong). Empty input is 'empty': the
 * page clears a number with its own button, not by saving an empty field.
 */
export function phoneInputProblem(raw: string): PhoneProblem | null {
  const r = parsePhone(raw)
  return r.ok ? null : r.problem
}
