#include "api/router.hpp"

#include <array>
#include <boost/url/parse.hpp>
#include <charconv>

#include "api/services.hpp"
#include "core/text.hpp"

namespace ec::api {
namespace {

// The segments of a request path as views into it, without allocating for
// paths of up to k_inline segments (every route has fewer).
class path_segments {
 public:
  explicit path_segments(std::string_view path) {
    std::size_t i = 0;
    while (i < path.size()) {
      if (path[i] == '/') {
        ++i;
        continue;
      }
      auto j = path.find('/', i);
      if (j == std::string_view::npos) j = path.size();
      push(path.substr(i, j - i));
      i = j;
    }
  }
  std::size_t size() const { return n_; }
  std::string_view operator[](std::size_t i) const {
    return i < k_inline ? inline_[i] : more_[i - k_inline];
  }

 private:
  static constexpr std::size_t k_inline = 16;
  void push(std::string_view s) {
    if (n_ < k_inline)
      inline_[n_] = s;
    else
      more_.push_back(s);
    ++n_;
  }
  std::array<std::string_view, k_inline> inline_;
  std::vector<std::string_view> more_;
  std::size_t n_ = 0;
};

// A route pattern's segments ("/api/v1/elders/{id}" → api, v1, elders, {id}).
std::vector<std::string> split_path(std::string_view pattern) {
  path_segments segs(pattern);
  std::vector<std::string> out;
  out.reserve(segs.size());
  for (std::size_t i = 0; i < segs.size(); ++i) out.emplace_back(segs[i]);
  return out;
}

}  // namespace

result<parsed_target> parse_target(std::string_view target) {
  auto parsed = boost::urls::parse_origin_form(target);
  if (!parsed) return error::invalid("request.bad_target", "", "Malformed request target");
  parsed_target out;
  out.path = parsed->path();
  for (auto p : parsed->params()) {
    if (!ec::text::valid_utf8(p.key) || !ec::text::valid_utf8(p.value))
      return error::invalid("request.invalid_utf8", "", "The query string is not valid UTF-8");
    out.query.insert_or_assign(std::move(p.key), std::move(p.value));
  }
  return out;
}

result<std::int64_t> context::id(std::string_view name) const {
  auto it = params.find(name);
  if (it == params.end()) return not_found();
  std::int64_t v = 0;
  const auto& s = it->second;
  auto [p, e] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (e != std::errc() || p != s.data() + s.size() || v <= 0) return not_found();
  return v;
}

std::optional<std::string> context::q(std::string_view name) const {
  auto it = query.find(name);
  if (it == query.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

result<std::pair<std::int64_t, std::int64_t>> page_params(
    const std::map<std::string, std::string, std::less<>>& query, std::int64_t default_size,
    std::int64_t max_size) {
  auto parse = [&](std::string_view name, std::int64_t def,
                   std::int64_t hi) -> result<std::int64_t> {
    auto it = query.find(name);
    if (it == query.end() || it->second.empty()) return def;
    const std::string& v = it->second;
    std::int64_t n = 0;
    auto [p, e] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (e != std::errc() || p != v.data() + v.size() || n < 1 || n > hi)
      return error::invalid("request.bad_query", std::string(name),
                            "must be an integer between 1 and " + std::to_string(hi));
    return n;
  };
  auto page = parse("page", 1, 1000000);
  if (!page) return std::move(page).err();
  auto size = parse("size", default_size, max_size);
  if (!size) return std::move(size).err();
  return std::make_pair(*page, *size);
}

result<std::pair<std::int64_t, std::int64_t>> page_params(const context& ctx,
                                                          std::int64_t default_size,
                                                          std::int64_t max_size) {
  return page_params(ctx.query, default_size, max_size);
}

void router::add(std::string method, std::string pattern, std::string permission, handler_fn fn,
                 route_options options) {
  route r;
  r.method = std::move(method);
  r.segments = split_path(pattern);
  r.pattern = std::move(pattern);
  r.permission = std::move(permission);
  r.is_public = options.is_public;
  r.body_limit = options.body_limit;
  r.fn = std::move(fn);
  routes_.push_back(std::move(r));
}

const route* router::match(std::string_view method, std::string_view path,
                           std::map<std::string, std::string, std::less<>>& params,
                           bool& path_matched) const {
  path_segments segs(path);
  path_matched = false;
  const route* best = nullptr;
  int best_literals = -1;
  for (const auto& r : routes_) {
    if (r.segments.size() != segs.size()) continue;
    int literals = 0;
    bool ok = true;
    for (std::size_t i = 0; i < segs.size() && ok; ++i) {
      const auto& p = r.segments[i];
      if (p.size() > 1 && p.front() == '{' && p.back() == '}') continue;
      if (p != segs[i])
        ok = false;
      else
        ++literals;
    }
    if (!ok) continue;
    path_matched = true;
    if (r.method != method) continue;
    // Literal segments beat parameters: /elders/export before /elders/{id}.
    if (literals > best_literals) {
      best = &r;
      best_literals = literals;
    }
  }
  if (best) {
    params.clear();
    for (std::size_t i = 0; i < segs.size(); ++i) {
      const auto& p = best->segments[i];
      if (p.size() > 1 && p.front() == '{')
        params.insert_or_assign(p.substr(1, p.size() - 2), std::string(segs[i]));
    }
  }
  return best;
}

handler_fn item_handler(item_fn fn) {
  return [fn = std::move(fn)](context& ctx) -> result<response> {
    auto id = ctx.id();
    if (!id) return std::move(id).err();
    auto c = ctx.svc.db.acquire();
    if (!c) return std::move(c).err();
    return fn(ctx, **c, *id);
  };
}

}  // namespace ec::api
