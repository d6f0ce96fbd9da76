import { describe, expect, it } from 'vitest'
import { LiveFeed, type FeedState, type WebSocketLike } from './live-feed'

const last = <T>(xs: T[]): T | undefined => xs[xs.length - 1]

class FakeSocket implements WebSocketLike {
  onopen: ((ev: unknown) => void) | null = null
  onmessage: ((ev: { data: unknown }) => void) | null = null
  onclose: ((ev: { code: number }) => void) | null = null
  onerror: ((ev: unknown) => void) | null = null
  closed = false
  constructor(readonly url: string) {}
  close() {
    this.closed = true
  }
  receive(text: string) {
    this.onmessage?.({ data: text })
  }
  drop(code = 1006) {
    this.onclose?.({ code })
  }
}

function setup() {
  const sockets: FakeSocket[] = []
  const states: FeedState[] = []
  const messages: unknown[] = []
  const drops: { code: number; hadHello: boolean }[] = []
  const timers: { fn: () => void; ms: number }[] = []
  let ready = 0
  const feed = new LiveFeed({
    url: 'ws://board/api/v1/live',
    onMessage: (m) => messages.push(m),
    onReady: () => ready++,
    onState: (s) => states.push(s),
    onDrop: (d) => drops.push(d),
    socket: (url) => {
      const s = new FakeSocket(url)
      sockets.push(s)
      return s
    },
    random: () => 0.5,
    setTimer: (fn, ms) => {
      timers.push({ fn, ms })
      return timers.length
    },
    clearTimer: () => {},
  })
  return { feed, sockets, states, messages, drops, timers, ready: () => ready }
}

describe('LiveFeed', () => {
  it('is ready on hello and passes alert messages on', () => {
    const s = setup()
    s.feed.start()
    expect(s.sockets).toHaveLength(1)
    expect(s.states).toEqual(['connecting'])
    s.sockets[0].receive('{"type":"hello"}')
    expect(s.ready()).toBe(1)
    expect(last(s.states)).toBe('open')
    s.sockets[0].receive('{"type":"alert","op":"raised","alert":{"id":1}}')
    s.sockets[0].receive('not json')
    expect(s.messages).toEqual([{ type: 'alert', op: 'raised', alert: { id: 1 } }])
  })

  it('reconnects with growing delays and re-reads after each hello', () => {
    const s = setup()
    s.feed.start()
    s.sockets[0].drop(1006) // refused before any hello
    expect(s.drops).toEqual([{ code: 1006, hadHello: false }])
    expect(last(s.states)).toBe('reconnecting')
    expect(s.timers.map((t) => t.ms)).toEqual([1000])
    s.timers[0].fn()
    s.sockets[1].drop(1006)
    expect(s.timers.map((t) => t.ms)).toEqual([1000, 2000])
    s.timers[1].fn()
    s.sockets[2].receive('{"type":"hello"}')
    expect(s.ready()).toBe(1)
    // After a hello the back-off starts again from 1 s.
    s.sockets[2].drop(1013)
    expect(last(s.drops)).toEqual({ code: 1013, hadHello: true })
    expect(last(s.timers)?.ms).toBe(1000)
    last(s.timers)!.fn()
    s.sockets[3].receive('{"type":"hello"}')
    expect(s.ready()).toBe(2)
  })

  it('stops for good', () => {
    const s = setup()
    s.feed.start()
    s.feed.stop()
    expect(s.sockets[0].closed).toBe(true)
    expect(last(s.states)).toBe('stopped')
    s.sockets[0].drop(1000) // the close event of the socket we closed: ignored
    expect(s.timers).toHaveLength(0)
  })
})
