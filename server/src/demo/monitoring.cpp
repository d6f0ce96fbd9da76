#include <filesystem>

#include "demo/demo.hpp"

namespace ec::demo {

status load_monitoring(context& ctx) {
  // Device secrets exist only here and in this file (the database keeps hashes).
  auto dir = ctx.cfg.database_url.starts_with("sqlite:")
                 ? std::filesystem::path(ctx.cfg.database_url.substr(7)).parent_path()
                 : std::filesystem::path("data");
  if (dir.empty()) dir = ".";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  auto file = (dir / "demo-devices.txt").string();
  if (auto st = registry::write_device_secrets(file, ctx.summary.devices); !st) return st;
  ctx.notes += "\n" + std::to_string(ctx.summary.devices.size()) +
               " demo devices; their secrets (SERIAL:SECRET) are in " + file + "\n";
  return {};
}

}  // namespace ec::demo
