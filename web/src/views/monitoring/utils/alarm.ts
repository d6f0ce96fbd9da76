/**
 * The board's alarm for a new critical alert: a beep pattern made with the Web Audio API (no
 * audio file). Browsers allow sound only after a user gesture on the page, so enable() must be
 * called from a click (the board's 开启声音 switch); until then play() is silent.
 */
type AudioCtor = typeof AudioContext

export class AlarmSound {
  private ctx: AudioContext | null = null

  get enabled(): boolean {
    return this.ctx !== null && this.ctx.state === 'running'
  }

  /** From a click: creates and resumes the audio context; false when the browser refuses. */
  async enable(): Promise<boolean> {
    const w = window as unknown as { AudioContext?: AudioCtor; webkitAudioContext?: AudioCtor }
    const Ctor = w.AudioContext ?? w.webkitAudioContext
    if (!Ctor) return false
    if (!this.ctx) this.ctx = new Ctor()
    try {
      await this.ctx.resume()
    } catch {
      return false
    }
    return this.ctx.state === 'running'
  }

  disable() {
    void this.ctx?.close()
    this.ctx = null
  }

  /** Two bursts of three alternating tones (about 1.6 s), loud enough over a room. */
  play(kind: 'critical' | 'test' = 'critical') {
    const ctx = this.ctx
    if (!ctx || ctx.state !== 'running') return
    const start = ctx.currentTime + 0.05
    const tones = kind === 'test' ? [880] : [988, 740, 988, 740, 988, 740]
    tones.forEach((freq, i) => {
      const t = start + i * 0.26 + (i >= 3 ? 0.3 : 0)
      const osc = ctx.createOscillator()
      const gain = ctx.createGain()
      osc.type = 'square'
      osc.frequency.setValueAtTime(freq, t)
      gain.gain.setValueAtTime(0.0001, t)
      gain.gain.exponentialRampToValueAtTime(0.25, t + 0.02)
      gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.2)
      osc.connect(gain).connect(ctx.destination)
      osc.start(t)
      osc.stop(t + 0.22)
    })
  }
}
