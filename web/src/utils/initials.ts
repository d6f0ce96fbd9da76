/**
 * Text for a round avatar: a person's given name ("王建国" → "建国", "官庄社区 王丽" → "王丽"),
 * the first character of a long Chinese title ("田镇街道管理员" → "田"), or two letters of a
 * Latin name ("admin" → "AD").
 */
export function initials(name: string | null | undefined): string {
  const token = (name ?? '').trim().split(/\s+/).pop() || ''
  if (!token) return '?'
  if (/^[\u3400-\u9fff]+$/.test(token)) return token.length <= 3 ? token.slice(-2) : token.slice(0, 1)
  return token.slice(0, 2).toUpperCase()
}
