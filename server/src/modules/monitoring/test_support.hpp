// Helpers shared by the monitoring tests: instants written as wall-clock times in a zone.
#pragma once

#include <chrono>
#include <cstdint>

namespace ec::monitoring::testing {

// Unix ms of y-m-d hh:mm:ss as read on a clock at UTC + offset_min.
inline std::int64_t wall_ms(int y, unsigned mo, unsigned d, int hh, int mm, int ss = 0,
                            int offset_min = 480) {
  using namespace std::chrono;
  const sys_days day{year{y} / month{mo} / ::std::chrono::day{d}};
  const auto t = day + hours{hh} + minutes{mm} + seconds{ss} - minutes{offset_min};
  return duration_cast<milliseconds>(t.time_since_epoch()).count();
}

// Local (Asia/Shanghai) time on 2026-11-29 (day 0) or a later/earlier day.
inline std::int64_t sh(int hh, int mm, int ss = 0, int day_offset = 0) {
  return wall_ms(2026, 11, 29, hh, mm, ss) + std::int64_t{day_offset} * 86'400'000;
}

}  // namespace ec::monitoring::testing
