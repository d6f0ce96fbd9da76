/** GET/PUT /api/v1/me/phone, POST /api/v1/me/phone/confirm: the caller's own work phone. */
export interface MyPhone {
  /** Masked (138****5678, 0533-****456); null when none. */
  phone_masked: string | null
  /** When the user last set or confirmed it themselves (ISO, +08:00); null when never. */
  confirmed_at: string | null
}
