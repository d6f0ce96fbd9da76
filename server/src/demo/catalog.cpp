#include "core/timeutil.hpp"
#include "demo/demo.hpp"

namespace ec::demo {
namespace {

struct item {
  const char* category;
  const char* name;
  const char* unit;
  std::int64_t duration_min, price_fen;
  const char* qualification;
};

// What a county's contract with its providers typically lists (prices in fen).
constexpr item k_items[] = {
    {"life_care", "助餐（送餐上门）", "visit", 30, 800, ""},
    {"life_care", "助洁", "hour", 60, 3000, ""},
    {"life_care", "助浴", "visit", 60, 6000, "养老护理员"},
    {"life_care", "助行", "hour", 60, 2500, ""},
    {"life_care", "助急", "visit", 30, 3000, "养老护理员"},
    {"basic_care", "排泄护理", "visit", 30, 4000, "养老护理员"},
    {"basic_care", "用药照护", "visit", 20, 2000, "养老护理员"},
    {"health", "助医（陪同就医）", "hour", 60, 3000, ""},
    {"health", "康复护理", "visit", 45, 8000, "康复治疗师"},
    {"health", "健康监测", "visit", 20, 1000, "护士"},
    {"visiting", "上门探访", "visit", 30, 1500, ""},
    {"comfort", "精神慰藉", "hour", 60, 2000, ""},
    {"errands", "委托代办", "visit", 60, 1500, ""},
    {"retrofit", "适老化改造评估", "visit", 90, 20000, ""},
};

}  // namespace

status load_catalog(context& ctx) {
  return db::in_transaction(ctx.c, [&]() -> status {
    auto now = timeutil::now_unix_ms();
    for (const auto& i : k_items) {
      auto st = ctx.c.exec(
          "INSERT INTO service_items (category, name, unit, duration_min, price_fen, "
          "qualification, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
          "ON CONFLICT (category, name) DO NOTHING",
          {i.category, i.name, i.unit, i.duration_min, i.price_fen, i.qualification, now, now});
      if (!st) return std::move(st).err();
    }
    ctx.notes += std::to_string(std::size(k_items)) + " home-service items in the catalogue\n";
    return {};
  });
}

}  // namespace ec::demo
