#include "demo/demo.hpp"

namespace ec::demo {

status load_registry(context& ctx) {
  auto sum = registry::load_demo(ctx.c, ctx.elders, ctx.seed, ctx.password);
  if (!sum) return std::move(sum).err();
  ctx.summary = std::move(*sum);
  return {};
}

}  // namespace ec::demo
