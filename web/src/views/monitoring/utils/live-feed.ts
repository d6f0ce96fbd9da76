/**
 * The board's connection to GET /api/v1/live: connects, reports its state, hands over parsed
 * messages, and reconnects with back-off (utils/board.ts backoffMs) after any drop. `onReady`
 * fires on the server's hello after every (re)connect: the board then re-reads the active
 * alerts, because messages sent while it was away are not replayed.
 *
 * `onDrop` tells about a connection that ended before or after its hello, with the close code
 * (1008: the session ended; a handshake the server refused shows as 1006 without a hello), so
 * the page can check whether the user is still signed in.
 */
import type { LiveMessage } from '@/types/api'
import { backoffMs } from './board'

export type FeedState = 'connecting' | 'open' | 'reconnecting' | 'stopped'

export interface FeedOptions {
  url: string
  onMessage: (m: LiveMessage) => void
  onReady: () => void
  onState: (s: FeedState) => void
  onDrop?: (info: { code: number; hadHello: boolean }) => void
  /** For tests: a WebSocket look-alike, the random source and the timers. */
  socket?: (url: string) => WebSocketLike
  random?: () => number
  setTimer?: (fn: () => void, ms: number) => unknown
  clearTimer?: (h: unknown) => void
}

export interface WebSocketLike {
  onopen: ((ev: unknown) => void) | null
  onmessage: ((ev: { data: unknown }) => void) | null
  onclose: ((ev: { code: number }) => void) | null
  onerror: ((ev: unknown) => void) | null
  close(code?: number): void
}

export class LiveFeed {
  private ws: WebSocketLike | null = null
  private attempt = 0
  private timer: unknown = null
  private stopped = true
  private hello = false

  constructor(private readonly o: FeedOptions) {}

  start() {
    if (!this.stopped) return
    this.stopped = false
    this.attempt = 0
    this.connect('connecting')
  }

  stop() {
    this.stopped = true
    this.drop()
    this.o.onState('stopped')
  }

  /** Drop the current connection and connect again now (e.g. after the tab wakes up). */
  reconnectNow() {
    if (this.stopped) return
    this.drop()
    this.connect('reconnecting')
  }

  /** Cancels a pending retry and closes the current connection without hearing from it again. */
  private drop() {
    if (this.timer !== null) (this.o.clearTimer ?? clearTimeout)(this.timer as ReturnType<typeof setTimeout>)
    this.timer = null
    const ws = this.ws
    this.ws = null
    if (ws) {
      ws.onclose = null
      ws.onmessage = null
      ws.close(1000)
    }
  }

  private connect(state: FeedState) {
    this.o.onState(state)
    this.hello = false
    let ws: WebSocketLike
    try {
      ws = this.o.socket ? this.o.socket(this.o.url) : (new WebSocket(this.o.url) as unknown as WebSocketLike)
    } catch {
      this.retry(1006)
      return
    }
    this.ws = ws
    ws.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return
      let m: LiveMessage
      try {
        m = JSON.parse(ev.data) as LiveMessage
      } catch {
        return
      }
      if (m.type === 'hello') {
        this.hello = true
        this.attempt = 0
        this.o.onState('open')
        this.o.onReady()
        return
      }
      this.o.onMessage(m)
    }
    ws.onerror = () => {
      /* onclose follows */
    }
    ws.onclose = (ev) => {
      if (this.ws !== ws) return
      this.ws = null
      this.retry(ev.code)
    }
  }

  private retry(code: number) {
    const hadHello = this.hello
    this.hello = false
    this.o.onDrop?.({ code, hadHello })
    if (this.stopped) return
    this.o.onState('reconnecting')
    const delay = backoffMs(this.attempt++, this.o.random)
    this.timer = (this.o.setTimer ?? setTimeout)(() => {
      this.timer = null
      if (!this.stopped) this.connect('reconnecting')
    }, delay)
  }
}
