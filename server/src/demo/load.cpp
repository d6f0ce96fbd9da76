#include "demo/load.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>

#include "core/crypto.hpp"
#include "core/idcard.hpp"
#include "core/timeutil.hpp"
#include "demo/devices.hpp"
#include "demo/gen.hpp"
#include "ingest/dynsec.hpp"
#include "modules/registry/registry.hpp"
#include "modules/system/system.hpp"

namespace ec::registry {
namespace {

struct place_def {
  const char* name;
  bool village;
  int buildings;  // communities: numbered buildings; villages: grids
};

// The article's places first (官庄社区, 台孙村, 台陈村, 司家, 姜家, 周陈, 义和), then a few more.
const std::vector<place_def> k_places = {
    {"官庄社区", false, 12}, {"田镇社区", false, 10}, {"北城社区", false, 8}, {"台孙村", true, 3},
    {"台陈村", true, 3},     {"司家村", true, 2},     {"姜家村", true, 2},    {"周陈村", true, 2},
    {"义和村", true, 2},     {"大寨村", true, 2},     {"刘家村", true, 2},
};

}  // namespace

status write_device_secrets(const std::string& path, const std::vector<demo_device>& devices) {
  auto fail = [&](const char* what) {
    return error::make(errc::internal, "demo.devices_file",
                       std::string(what) + " " + path + ": " + std::strerror(errno));
  };
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return fail("cannot create");
  if (::fchmod(fd, 0600) != 0) {
    ::close(fd);
    return fail("cannot restrict");
  }
  std::string text;
  for (const auto& d : devices) text += d.serial + ":" + d.secret + "\n";
  std::size_t done = 0;
  while (done < text.size()) {
    auto n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return fail("cannot write");
    }
    done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) return fail("cannot write");
  return {};
}

result<demo_summary> load_demo(db::connection& c, std::size_t elders, std::uint64_t seed,
                               const std::string& password) {
  auto existing = c.one("SELECT COUNT(*) FROM elders");
  if (!existing) return std::move(existing).err();
  if (existing->i64(0) > 0)
    return error::make(errc::conflict, "demo.not_empty", "The database already has elders");
  auto today = timeutil::today_shanghai();
  auto now = timeutil::now_unix_ms();
  std::vector<demo::place> places;
  for (const auto& p : k_places) places.push_back({p.name, p.village, p.village ? 0 : p.buildings});
  auto people = demo::generate(places, elders, seed, today);
  auto hash = crypto::hash_password(password);

  demo_summary sum;
  auto st = db::in_transaction(c, [&]() -> status {
    auto add_unit = [&](std::optional<std::int64_t> parent, const std::string& parent_path,
                        std::optional<std::int64_t> community, const char* kind,
                        const std::string& name,
                        std::int64_t sort) -> result<std::pair<std::int64_t, std::string>> {
      auto r = c.query(
          "INSERT INTO org_units (parent_id, kind, name, code, sort, created_at, updated_at) "
          "VALUES (?, ?, ?, '', ?, ?, ?) RETURNING id",
          {db::opt(parent), std::string(kind), name, sort, now, now});
      if (!r) return std::move(r).err();
      auto id = r->front().i64(0);
      auto path = parent_path + std::to_string(id) + "/";
      auto up = c.exec("UPDATE org_units SET path = ?, community_id = ? WHERE id = ?",
                       {path,
                        community ? db::value{*community}
                                  : (std::string(kind) == "street" ? db::null() : db::value{id}),
                        id});
      if (!up) return std::move(up).err();
      ++sum.units;
      return std::make_pair(id, path);
    };
    // The street may exist from the first-run admin; reuse it.
    std::int64_t street_id = 0;
    std::string street_path;
    auto street =
        c.maybe_one("SELECT id, path FROM org_units WHERE kind = 'street' ORDER BY id LIMIT 1");
    if (!street) return std::move(street).err();
    if (*street) {
      street_id = (*street)->i64(0);
      street_path = (*street)->str(1);
    } else {
      auto s = add_unit(std::nullopt, "/", std::nullopt, "street", "田镇街道", 0);
      if (!s) return std::move(s).err();
      street_id = s->first;
      street_path = s->second;
    }
    struct unit_info {
      std::int64_t id;
      std::string path;
      std::vector<std::pair<std::int64_t, std::string>> subs;
    };
    std::vector<unit_info> units;
    for (std::size_t i = 0; i < k_places.size(); ++i) {
      const auto& p = k_places[i];
      auto u = add_unit(street_id, street_path, std::nullopt, p.village ? "village" : "community",
                        p.name, static_cast<std::int64_t>(i + 1));
      if (!u) return std::move(u).err();
      unit_info info{u->first, u->second, {}};
      for (int b = 1; b <= p.buildings; ++b) {
        auto name = p.village ? "第" +
                                    std::string(b == 1   ? "一"
                                                : b == 2 ? "二"
                                                         : "三") +
                                    "网格"
                              : std::to_string(b) + "号楼";
        auto s = add_unit(u->first, u->second, u->first, p.village ? "grid" : "building", name, b);
        if (!s) return std::move(s).err();
        info.subs.push_back(*s);
      }
      units.push_back(std::move(info));
    }
    std::uint64_t k = 0;
    // Couples: an empty-nest man and woman next to each other in the same
    // place and building share a household (户) and an address.
    std::vector<std::string> households(people.size());
    {
      std::map<std::pair<std::size_t, int>, std::size_t> waiting;  // (place, building) → index
      std::map<std::size_t, int> next;  // per place: TZ01-00001, TZ01-00002, …
      for (std::size_t i = 0; i < people.size(); ++i) {
        auto& e = people[i];
        if (e.living_status != "empty_nest") continue;
        auto key = std::make_pair(e.place_index, e.building);
        auto it = waiting.find(key);
        if (it == waiting.end() || people[it->second].sex == e.sex) {
          waiting[key] = i;
          continue;
        }
        char code[32];
        std::snprintf(code, sizeof code, "TZ%02zu-%05d", e.place_index + 1, ++next[e.place_index]);
        households[it->second] = code;
        households[i] = code;
        e.address = people[it->second].address;
        waiting.erase(it);
      }
    }
    std::size_t person = 0;
    struct placed {
      std::int64_t id, unit_id;
      std::string path;
    };
    std::vector<placed> placed_elders;
    placed_elders.reserve(people.size());
    for (const auto& e : people) {
      const auto& household = households[person++];
      const auto& u = units[e.place_index];
      std::int64_t unit_id = u.id;
      std::string path = u.path;
      if (!u.subs.empty()) {
        std::size_t idx = e.building > 0 ? static_cast<std::size_t>(e.building - 1) % u.subs.size()
                                         : static_cast<std::size_t>(k++ % u.subs.size());
        unit_id = u.subs[idx].first;
        path = u.subs[idx].second;
      }
      // ID and phone numbers encrypted, as the registry stores them (pii_rows.hpp).
      auto sealed = registry::pii_rows::seal_elder(
          e.id_number,
          e.phone.empty() ? std::optional<std::string>{} : std::optional<std::string>{e.phone});
      db::params args{e.name,
                      std::string(1, e.sex),
                      timeutil::format_date(e.birth),
                      e.living_status,
                      categories_text(e.categories),
                      unit_id,
                      u.id,
                      path,
                      e.address,
                      e.notes,
                      now,
                      now,
                      household};
      sealed.append_to(args);
      using cols = registry::pii_rows::elder_cols;
      auto ins = c.query(std::string("INSERT INTO elders (name, sex, birth_date, living_status, "
                                     "categories, org_unit_id, community_id, org_path, address, "
                                     "notes, created_at, updated_at, household_code, ") +
                             cols::k_columns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " +
                             cols::k_placeholders + ") RETURNING id",
                         args);
      if (!ins) return std::move(ins).err();
      auto id = ins->front().i64(0);
      placed_elders.push_back({id, unit_id, path});
      for (const auto& cat : e.categories) {
        auto r =
            c.exec("INSERT INTO elder_categories (elder_id, category) VALUES (?, ?)", {id, cat});
        if (!r) return std::move(r).err();
      }
      std::int64_t sort = 0;
      for (const auto& ct : e.contacts) {
        auto r = c.exec(
            "INSERT INTO elder_contacts (elder_id, name, relation, phone, sort, pii_key) VALUES "
            "(?, ?, ?, ?, ?, ?)",
            {id, ct.name, ct.relation, registry::pii_rows::seal_contact_phone(ct.phone), sort++,
             sealed.key_id});
        if (!r) return std::move(r).err();
      }
      ++sum.elders;
    }
    // Monitoring devices, each with its own secret (only the SHA-256 is stored).
    for (const auto& d : demo::plan_devices(people, seed, static_cast<int>(today.year()))) {
      const auto& el = placed_elders[d.elder_index];
      auto secret = ingest::dynsec::generate_password();
      auto r = c.exec(
          "INSERT INTO devices (serial, type, elder_id, org_unit_id, org_path, location, "
          "token_hash, registered_at, bound_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, "
          "?, ?, ?, ?, ?)",
          {d.serial, d.type, el.id, el.unit_id, el.path, d.location, crypto::sha256_hex(secret),
           now, now, now, now});
      if (!r) return std::move(r).err();
      sum.devices.push_back({d.serial, std::move(secret)});
    }
    // One demo user per role; building leaders and station staff are called from the board.
    const std::vector<demo_user> users = {
        {"admin", "田镇街道管理员", "street_admin", "田镇街道", ""},
        {"guanzhuang", "官庄社区 王丽", "community_staff", "官庄社区", "13805336101"},
        {"taisun", "台孙村 孙建华", "community_staff", "台孙村", "13805336102"},
        {"provider", "康乐家政 赵敏", "provider_staff", "官庄社区", "13805336103"},
        {"worker", "服务人员 刘芳", "field_worker", "官庄社区", "13805336104"},
        {"louzhang", "红色楼长 张德胜", "volunteer", "官庄社区", "13805336105"},
        {"family", "家属 李晓红", "family", "官庄社区", "13805336106"},
        {"kitchen", "中央厨房 陈师傅", "kitchen", "田镇街道", ""},
        {"auditor", "审计员 周平", "auditor", "田镇街道", ""},
    };
    for (const auto& u : users) {
      auto unit = c.one("SELECT id FROM org_units WHERE name = ? ORDER BY id LIMIT 1", {u.unit});
      if (!unit) return std::move(unit).err();
      auto r = c.exec(
          "INSERT INTO users (username, display_name, password_hash, role_code, org_unit_id, "
          "phone, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (username) "
          "DO NOTHING",
          {u.username, u.display_name, hash, u.role, unit->i64(0), u.phone, now, now});
      if (!r) return std::move(r).err();
      sum.users.push_back(u);
    }
    // The building leader looks after building 1 of 官庄社区; the family member after one elder.
    auto link = c.exec(
        "INSERT INTO user_elder_links (user_id, elder_id, relation) "
        "SELECT u.id, e.id, 'building_leader' FROM users u, elders e JOIN org_units o ON o.id = "
        "e.org_unit_id "
        "WHERE u.username = 'louzhang' AND o.name = '1号楼' AND e.community_id = "
        "(SELECT id FROM org_units WHERE name = '官庄社区')");
    if (!link) return std::move(link).err();
    // Every other building of a community has its building leader (楼长) and every grid of a
    // village its grid volunteer (网格员), linked to the elders there, so that level 1 of the
    // escalation chain and the board have someone to call for every demo elder. They sign in with
    // the same password (user names lz02.., wg01..).
    {
      static constexpr std::array<std::string_view, 12> k_leaders = {
          "王秀英", "李建国", "张桂兰", "刘志强", "孙玉梅", "陈德明",
          "杨淑珍", "赵国庆", "周凤英", "吴长海", "徐桂芝", "马振华"};
      auto subs = c.query(
          "SELECT o.id, o.name, p.name, p.kind FROM org_units o JOIN org_units p ON p.id = "
          "o.parent_id WHERE p.kind IN ('community', 'village') AND o.kind IN ('building', "
          "'grid') AND NOT (p.name = '官庄社区' AND o.name = '1号楼') ORDER BY o.id");
      if (!subs) return std::move(subs).err();
      struct leader {
        std::string username, display_name;
        std::int64_t unit_id;
      };
      std::vector<leader> leaders;
      std::size_t buildings = 1, grids = 0;  // 官庄社区 1号楼 has `louzhang`
      for (const auto& r : *subs) {
        bool grid = r.str(3) == "village";
        char user[32];
        std::snprintf(user, sizeof user, grid ? "wg%02zu" : "lz%02zu",
                      grid ? ++grids : ++buildings);
        leaders.push_back({user,
                           std::string(grid ? "网格员 " : "楼长 ") +
                               std::string(k_leaders[leaders.size() % k_leaders.size()]) + "（" +
                               r.str(2) + r.str(1) + "）",
                           r.i64(0)});
      }
      int seq = 0;
      for (const auto& l : leaders) {
        char phone[32];
        std::snprintf(phone, sizeof phone, "1390533%04d", 6200 + ++seq);
        auto r = c.exec(
            "INSERT INTO users (username, display_name, password_hash, role_code, org_unit_id, "
            "phone, created_at, updated_at) VALUES (?, ?, ?, 'volunteer', ?, ?, ?, ?) ON CONFLICT "
            "(username) DO NOTHING",
            {l.username, l.display_name, hash, l.unit_id, std::string(phone), now, now});
        if (!r) return std::move(r).err();
        auto lk = c.exec(
            "INSERT INTO user_elder_links (user_id, elder_id, relation) SELECT u.id, e.id, "
            "'building_leader' FROM users u, elders e WHERE u.username = ? AND e.org_unit_id = ?",
            {l.username, l.unit_id});
        if (!lk) return std::move(lk).err();
      }
      sum.leaders = static_cast<int>(leaders.size());
    }
    auto fam = c.exec(
        "INSERT INTO user_elder_links (user_id, elder_id, relation) "
        "SELECT u.id, (SELECT MIN(e.id) FROM elders e WHERE e.community_id = "
        "(SELECT id FROM org_units WHERE name = '官庄社区')), 'daughter' FROM users u WHERE "
        "u.username = 'family'");
    if (!fam) return std::move(fam).err();
    auto worker = c.exec(
        "INSERT INTO user_elder_links (user_id, elder_id, relation) "
        "SELECT u.id, e.id, 'assigned' FROM users u, elders e WHERE u.username = 'worker' AND "
        "e.community_id = (SELECT id FROM org_units WHERE name = '官庄社区') AND e.living_status = "
        "'alone' "
        "AND e.id % 5 = 0");
    if (!worker) return std::move(worker).err();
    // 官庄社区 has its own escalation plan: the default delays and its station's duty phone.
    auto plan = c.exec(
        "INSERT INTO escalation_plans (community_id, station_phone, emergency_phone, updated_at) "
        "VALUES ((SELECT MAX(id) FROM org_units WHERE name = '官庄社区' AND kind = 'community'), "
        "'0533-6981120', '120', ?)",
        {now});
    if (!plan) return std::move(plan).err();
    return sys::audit(c, nullptr, "",
                      {"demo",
                       "system",
                       "",
                       {"loaded demo data: " + std::to_string(sum.elders) + " elders, " +
                            std::to_string(sum.devices.size()) + " devices",
                        "载入演示数据：老人 " + std::to_string(sum.elders) + " 人，设备 " +
                            std::to_string(sum.devices.size()) + " 台"},
                       {}});
  });
  if (!st) return std::move(st).err();
  elders_changed();
  return sum;
}

}  // namespace ec::registry
