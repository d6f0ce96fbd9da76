#include "modules/registry/elders.hpp"

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <charconv>
#include <mutex>
#include <unordered_map>

#include "core/idcard.hpp"
#include "core/phone.hpp"
#include "core/text.hpp"
#include "core/timeutil.hpp"
#include "modules/registry/pii_rows.hpp"
#include "modules/system/system.hpp"

namespace ec::registry {
namespace json = boost::json;
namespace {

constexpr const char* k_cols =
    "e.id, e.name, e.id_number, e.sex, e.birth_date, e.phone, e.living_status, e.categories, "
    "e.community_id, c.name, e.org_unit_id, u.name, u.kind, e.address, e.notes, e.status, "
    "e.left_reason, e.left_date, e.left_note, e.version, e.created_at, e.updated_at";
// The list shows only these (a summary): no notes, leave details, version or times.
constexpr const char* k_list_cols =
    "e.id, e.name, e.id_number, e.sex, e.birth_date, e.phone, e.living_status, e.categories, "
    "e.community_id, c.name, e.org_unit_id, u.name, u.kind, e.address, e.status";
constexpr const char* k_from =
    " FROM elders e JOIN org_units c ON c.id = e.community_id JOIN org_units u ON u.id = "
    "e.org_unit_id";

std::vector<std::string> parse_categories(const std::string& s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    auto j = s.find(',', i);
    if (j == std::string::npos) j = s.size();
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

int age_from(std::string_view birth, std::chrono::year_month_day today) {
  auto d = timeutil::parse_date(birth, "birth_date");
  if (!d) return 0;
  return idcard::age_on(*d, today);
}

// A row of k_cols. ID and phone are decrypted.
status summary_from_row(db::row& r, std::chrono::year_month_day today, elder& e) {
  e.id = r.i64(0);
  e.name = r.take_str(1);
  auto idn = pii_rows::open_id(r.str(2));
  if (!idn) return std::move(idn).err();
  e.id_number = std::move(*idn);
  e.sex = r.str(3).empty() ? 'F' : r.str(3)[0];
  e.birth_date = r.take_str(4);
  e.age = age_from(e.birth_date, today);
  if (auto ph = r.opt_str(5)) {
    auto p = pii_rows::open_phone(*ph);
    if (!p) return std::move(p).err();
    e.phone = std::move(*p);
  }
  e.living_status = r.take_str(6);
  e.categories = parse_categories(r.str(7));
  e.community_id = r.i64(8);
  e.community_name = r.take_str(9);
  e.org_unit_id = r.i64(10);
  e.org_unit_name = r.take_str(11);
  e.org_unit_kind = r.take_str(12);
  e.address = r.take_str(13);
  return {};
}

// The masks of decrypted ID and phone numbers by elder, so that a list page decrypts only the
// rows not shown since they last changed (each decryption costs about as much as the rest of
// a row). In memory only: the database holds no part of an ID number in clear. An entry is
// valid for the ciphertexts it was made from (compared by hash), so an edit, a key rotation or
// another node's write shows at once; the map is emptied when full.
struct mask_entry {
  std::size_t id_ct = 0, phone_ct = 0;  // hashes of the stored values
  std::string id_mask;
  std::optional<std::string> phone_mask;
};
std::mutex g_mask_mu;
std::unordered_map<std::int64_t, mask_entry> g_masks;
constexpr std::size_t k_mask_cap = 250000;

// Masks of one row's stored (encrypted) ID and phone, into `idm` and `phm`; `has_phone` false
// when the row has none.
status masks_of(std::int64_t id, std::string_view id_ct, std::optional<std::string_view> phone_ct,
                std::string& idm, std::string& phm) {
  const std::hash<std::string_view> h;
  const std::size_t hi = h(id_ct), hp = phone_ct ? h(*phone_ct) : 0;
  {
    std::lock_guard g(g_mask_mu);
    auto it = g_masks.find(id);
    if (it != g_masks.end() && it->second.id_ct == hi && it->second.phone_ct == hp &&
        it->second.phone_mask.has_value() == phone_ct.has_value()) {
      idm = it->second.id_mask;
      phm = it->second.phone_mask.value_or("");
      return {};
    }
  }
  auto idn = pii_rows::open_id(id_ct);
  if (!idn) return std::move(idn).err();
  mask_entry e{hi, hp, idcard::mask(*idn), std::nullopt};
  if (phone_ct) {
    auto p = pii_rows::open_phone(*phone_ct);
    if (!p) return std::move(p).err();
    e.phone_mask = phone::mask(*p);
  }
  idm = e.id_mask;
  phm = e.phone_mask.value_or("");
  std::lock_guard g(g_mask_mu);
  if (g_masks.size() >= k_mask_cap) g_masks.clear();
  g_masks.insert_or_assign(id, std::move(e));
  return {};
}

// A row of k_list_cols, in place; the masks live in `idm` and `phm`.
result<summary_view> view_of(const db::row_view& r, std::chrono::year_month_day today,
                             std::string& idm, std::string& phm) {
  summary_view v;
  v.id = r.i64(0);
  v.name = r.str(1);
  const auto phone_ct = r.is_null(5) ? std::optional<std::string_view>{} : r.str(5);
  EC_TRY(masks_of(v.id, r.str(2), phone_ct, idm, phm));
  v.id_number_masked = idm;
  if (phone_ct) v.phone_masked = std::string_view(phm);
  auto sex = r.str(3);
  v.sex = sex.empty() ? 'F' : sex[0];
  v.birth_date = r.str(4);
  v.age = age_from(v.birth_date, today);
  v.living_status = r.str(6);
  v.categories = r.str(7);
  v.community_id = r.i64(8);
  v.community_name = r.str(9);
  v.org_unit_id = r.i64(10);
  v.org_unit_name = r.str(11);
  v.org_unit_kind = r.str(12);
  v.address = r.str(13);
  v.status = r.str(14);
  return v;
}

}  // namespace

summary_view summary_of(const elder& e, summary_buffer& buf) {
  buf.categories = ",";  // the stored form ",a,b,"
  for (const auto& c : e.categories) buf.categories.append(c).push_back(',');
  buf.id_number_masked = idcard::mask(e.id_number);
  summary_view v;
  v.id = e.id;
  v.name = e.name;
  v.id_number_masked = buf.id_number_masked;
  v.birth_date = e.birth_date;
  v.sex = e.sex;
  v.age = e.age;
  if (e.phone) {
    buf.phone_masked = phone::mask(*e.phone);
    v.phone_masked = std::string_view(buf.phone_masked);
  }
  v.living_status = e.living_status;
  v.categories = buf.categories;
  v.community_id = e.community_id;
  v.community_name = e.community_name;
  v.org_unit_id = e.org_unit_id;
  v.org_unit_name = e.org_unit_name;
  v.org_unit_kind = e.org_unit_kind;
  v.address = e.address;
  v.status = e.status;
  return v;
}

namespace {

result<elder> from_row(db::row& r, std::chrono::year_month_day today) {
  elder e;
  EC_TRY(summary_from_row(r, today, e));
  e.notes = r.take_str(14);
  e.status = r.take_str(15);
  e.left_reason = r.opt_str(16);
  e.left_date = r.opt_str(17);
  e.left_note = r.opt_str(18);
  e.version = r.i64(19);
  e.created_at = r.i64(20);
  e.updated_at = r.i64(21);
  return e;
}

std::optional<std::int64_t> to_int(const std::string& s) {
  std::int64_t v = 0;
  auto [p, e] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (e != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

// List totals: COUNT(*) over a community is most of a list request's cost,
// and the same few filters are asked for again and again. A total is reused
// while no elder was written on this node since it was counted (writers call
// elders_changed() after commit) and for at most k_count_ttl, which bounds how
// stale a total can be when other nodes write to the same PostgreSQL database.
constexpr auto k_count_ttl = std::chrono::seconds(5);
std::atomic<std::uint64_t> g_generation{1};

struct count_entry {
  std::int64_t count;
  std::uint64_t generation;
  std::chrono::steady_clock::time_point at;
};
std::mutex g_count_mu;
std::unordered_map<std::string, count_entry> g_counts;

std::string count_key(const std::string& where, const db::params& args) {
  std::string key = where;
  for (const auto& a : args) {
    key += '\x1f';
    if (auto p = std::get_if<std::int64_t>(&a))
      key += std::to_string(*p);
    else if (auto s = std::get_if<std::string>(&a))
      key += *s;
    else if (auto d = std::get_if<double>(&a))
      key += std::to_string(*d);
  }
  return key;
}

result<std::int64_t> cached_count(db::connection& c, const std::string& where,
                                  const db::params& args) {
  auto key = count_key(where, args);
  auto gen = g_generation.load();
  auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard g(g_count_mu);
    auto it = g_counts.find(key);
    if (it != g_counts.end() && it->second.generation == gen && now - it->second.at < k_count_ttl)
      return it->second.count;
  }
  auto total = c.one("SELECT COUNT(*) FROM elders e WHERE " + where, args);
  if (!total) return std::move(total).err();
  std::lock_guard g(g_count_mu);
  if (g_counts.size() > 20000) g_counts.clear();
  g_counts[key] = {total->i64(0), gen, now};
  return total->i64(0);
}

error stale() {
  return error::make(errc::conflict, "conflict.stale_version",
                     "The record was changed by someone else; reload and try again");
}

}  // namespace

void elders_changed() {
  g_generation.fetch_add(1);
}

std::string categories_text(const std::vector<std::string>& cats) {
  if (cats.empty()) return "";
  std::string s = ",";
  for (const auto& c : cats) s += c + ",";
  return s;
}

result<list_filter> parse_filter(
    const std::function<std::optional<std::string>(std::string_view)>& q, std::int64_t max_size) {
  list_filter f;
  std::vector<field_error> errs;
  auto int_param = [&](std::string_view name, std::int64_t lo,
                       std::int64_t hi) -> std::optional<std::int64_t> {
    auto v = q(name);
    if (!v) return std::nullopt;
    auto n = to_int(*v);
    if (!n || *n < lo || *n > hi) {
      errs.push_back(
          {std::string(name), "request.bad_query",
           "must be an integer between " + std::to_string(lo) + " and " + std::to_string(hi)});
      return std::nullopt;
    }
    return n;
  };
  auto enum_param =
      [&](std::string_view name,
          const std::vector<std::string_view>& allowed) -> std::optional<std::string> {
    auto v = q(name);
    if (!v) return std::nullopt;
    for (auto a : allowed)
      if (a == *v) return v;
    errs.push_back({std::string(name), "request.bad_query", "is not an allowed value"});
    return std::nullopt;
  };
  if (auto v = q("q")) {
    auto t = text::trim(*v);
    if (text::utf8_length(t) > 64)
      errs.push_back({"q", "request.bad_query", "is too long"});
    else if (!t.empty())
      f.q = t;
  }
  f.community_id = int_param("community_id", 1, INT64_MAX);
  f.org_unit_id = int_param("org_unit_id", 1, INT64_MAX);
  if (auto a = int_param("age_min", 0, 150)) f.age_min = static_cast<int>(*a);
  if (auto a = int_param("age_max", 0, 150)) f.age_max = static_cast<int>(*a);
  f.living_status = enum_param("living_status", k_living_statuses);
  f.category = enum_param("category", k_categories);
  f.sex = enum_param("sex", {"M", "F"});
  if (auto s = enum_param("status", {"active", "left", "all"})) f.status = *s;
  if (auto s = enum_param("sort", {"name", "-name", "age", "-age", "created_at", "-created_at"}))
    f.sort = *s;
  if (auto p = int_param("page", 1, 1000000)) f.page = *p;
  if (auto s = int_param("size", 1, max_size)) f.size = *s;
  if (!errs.empty()) return error::fields(std::move(errs));
  return f;
}

result<std::int64_t> list_each(db::connection& c, const sys::principal& who, const list_filter& f,
                               db::fn_ref<status(const summary_view&)> fn) {
  auto today = timeutil::today_shanghai();
  db::params args;
  std::string where = sys::elder_scope_sql(who, "e", args);
  if (f.status != "all") {
    where += " AND e.status = ?";
    args.emplace_back(f.status);
  }
  db::and_if(where, args, "e.community_id = ?", f.community_id);
  if (f.org_unit_id) {
    // A unit and everything below it.
    where +=
        " AND e.org_path >= (SELECT path FROM org_units WHERE id = ?) AND e.org_path < "
        "(SELECT path FROM org_units WHERE id = ?) || '~'";
    args.emplace_back(*f.org_unit_id);
    args.emplace_back(*f.org_unit_id);
  }
  db::and_if(where, args, "e.living_status = ?", f.living_status);
  db::and_if(where, args, "e.sex = ?", f.sex);
  if (f.category) {
    where +=
        " AND EXISTS (SELECT 1 FROM elder_categories ec WHERE ec.elder_id = e.id AND ec.category = "
        "?)";
    args.emplace_back(*f.category);
  }
  if (f.age_min) {
    where += " AND e.birth_date <= ?";
    args.emplace_back(timeutil::format_date(timeutil::add_years(today, -*f.age_min)));
  }
  if (f.age_max) {
    where += " AND e.birth_date > ?";
    args.emplace_back(timeutil::format_date(timeutil::add_years(today, -(*f.age_max + 1))));
  }
  if (f.q) {
    const auto& q = *f.q;
    bool id_tail =
        q.size() >= 4 && q.size() <= 6 && q.find_first_not_of("0123456789Xx") == std::string::npos;
    bool digits = q.find_first_not_of("0123456789-") == std::string::npos;
    // A phone matches by its whole (normalized) number or by its last 4 digits, never
    // by an arbitrary substring: a substring search would let a viewer recover the
    // masked digits one query at a time (issue 9, defect 2).
    bool last4 = q.size() == 4 && q.find_first_not_of("0123456789") == std::string::npos;
    // ID and phone numbers are encrypted (pii_rows.hpp): they are found through keyed blind
    // indexes of the whole number and of the suffixes searched by.
    bool whole_id = q.size() == 18 && q.find_first_not_of("0123456789") >= 17 &&
                    q.find_first_not_of("0123456789Xx", 17) == std::string::npos;
    if (id_tail) {
      std::string col = "e.id_tail" + std::to_string(q.size()) + "_bi";
      if (last4) {
        where += " AND (" + col + " = ? OR e.phone_tail4_bi = ?)";
        args.emplace_back(pii_rows::id_tail_index(q));
        args.emplace_back(pii_rows::phone_tail4_index(q));
      } else {
        where += " AND " + col + " = ?";
        args.emplace_back(pii_rows::id_tail_index(q));
      }
    } else if (whole_id) {
      // An 18-character ID number; all digits could also be a (malformed) phone.
      where += " AND (e.id_bi = ? OR e.phone_bi = ?)";
      args.emplace_back(pii_rows::id_index(q));
      args.emplace_back(pii_rows::phone_index(q));
    } else if (digits) {
      auto whole = phone::normalize(q, "q");
      where += " AND e.phone_bi = ?";
      args.emplace_back(pii_rows::phone_index(whole ? *whole : q));
    } else {
      // lower(): PostgreSQL's LIKE minds case; ESCAPE: a typed % or _ is literal.
      where += " AND lower(e.name) LIKE lower(?) ESCAPE '\\'";
      args.emplace_back(db::like_contains(q));
    }
  }
  auto total = cached_count(c, where, args);
  if (!total) return std::move(total).err();
  std::string order = "e.id DESC";
  if (f.sort == "name")
    order = "e.name, e.id";
  else if (f.sort == "-name")
    order = "e.name DESC, e.id DESC";
  else if (f.sort == "age")
    order = "e.birth_date DESC, e.id";
  else if (f.sort == "-age")
    order = "e.birth_date, e.id";
  else if (f.sort == "created_at")
    order = "e.id";
  args.emplace_back(f.size);
  args.emplace_back((f.page - 1) * f.size);
  std::string idm, phm;
  auto st = c.query_each(std::string("SELECT ") + k_list_cols + k_from + " WHERE " + where +
                             " ORDER BY " + order + " LIMIT ? OFFSET ?",
                         args, [&](const db::row_view& r) -> status {
                           auto v = view_of(r, today, idm, phm);
                           if (!v) return std::move(v).err();
                           return fn(*v);
                         });
  if (!st) return std::move(st).err();
  return *total;
}

namespace {

result<std::optional<elder>> load(db::connection& c, const sys::principal& who, std::int64_t id) {
  db::params args{id};
  auto scope = sys::elder_scope_sql(who, "e", args);
  auto r =
      c.maybe_one(std::string("SELECT ") + k_cols + k_from + " WHERE e.id = ? AND " + scope, args);
  if (!r) return std::move(r).err();
  if (!*r) return std::optional<elder>{};
  auto loaded = from_row(**r, timeutil::today_shanghai());
  if (!loaded) return std::move(loaded).err();
  auto e = std::move(*loaded);
  auto cs = c.query(
      "SELECT id, name, relation, phone FROM elder_contacts WHERE elder_id = ? ORDER BY sort, id",
      {id});
  if (!cs) return std::move(cs).err();
  for (const auto& cr : *cs) {
    auto ph = pii_rows::open_contact_phone(cr.str(3));
    if (!ph) return std::move(ph).err();
    e.contacts.push_back({cr.i64(0), cr.str(1), cr.str(2), std::move(*ph)});
  }
  auto hh = c.one("SELECT household_code FROM elders WHERE id = ?", {id});
  if (!hh) return std::move(hh).err();
  e.household_code = hh->str(0);
  if (!e.household_code.empty()) {
    db::params margs{e.household_code, id};
    auto mscope = sys::elder_scope_sql(who, "e", margs);
    auto ms = c.query(
        "SELECT e.id, e.name, e.sex, e.birth_date FROM elders e WHERE e.household_code = ? AND "
        "e.id <> ? AND e.status = 'active' AND " +
            mscope + " ORDER BY e.id LIMIT 20",
        margs);
    if (!ms) return std::move(ms).err();
    auto today = timeutil::today_shanghai();
    for (const auto& m : *ms)
      e.household_members.push_back(
          {m.i64(0), m.str(1), m.str(2).empty() ? 'F' : m.str(2)[0], age_from(m.str(3), today)});
  }
  return std::optional<elder>{std::move(e)};
}

}  // namespace

result<elder> get(db::connection& c, const sys::principal& who, std::int64_t id) {
  auto e = load(c, who, id);
  if (!e) return std::move(e).err();
  if (!*e) return not_found();
  return std::move(**e);
}

validated validate(const elder_input& in, bool creating, std::chrono::year_month_day today,
                   std::vector<field_error>& errors) {
  validated v;
  auto need = [&](bool present, const char* field) {
    if (creating && !present) errors.push_back({field, "validation.required", "is required"});
  };
  need(in.name && !in.name->empty(), "name");
  if (!creating && in.name && in.name->empty())
    errors.push_back({"name", "validation.required", "must not be empty"});
  if (in.name && !in.name->empty() && text::utf8_length(*in.name) > 32)
    errors.push_back({"name", "validation.too_long", "must be at most 32 characters"});
  if (creating && !in.id_number)
    errors.push_back({"id_number", "id_number.required", "is required"});
  if (in.id_number) {
    auto info = idcard::parse(*in.id_number, today, "id_number");
    if (!info) {
      errors.push_back({"id_number", info.err().code, info.err().message});
    } else if (idcard::age_on(info->birth, today) < 60) {
      errors.push_back(
          {"id_number", "elder.too_young",
           "the person must be 60 or older (born " + timeutil::format_date(info->birth) + ")"});
    } else {
      v.id_number = info->number;
      v.birth_date = timeutil::format_date(info->birth);
      v.sex = info->sex;
    }
  }
  if (in.phone) {
    if (!*in.phone || (*in.phone)->empty()) {
      v.phone = std::optional<std::string>{};
    } else {
      auto p = phone::normalize(**in.phone, "phone");
      if (!p)
        errors.push_back({"phone", p.err().code, p.err().message});
      else
        v.phone = std::optional<std::string>{*p};
    }
  }
  need(in.living_status.has_value(), "living_status");
  if (in.living_status && std::find(k_living_statuses.begin(), k_living_statuses.end(),
                                    *in.living_status) == k_living_statuses.end())
    errors.push_back({"living_status", "validation.enum", "is not an allowed value"});
  if (in.categories)
    for (const auto& cat : *in.categories)
      if (std::find(k_categories.begin(), k_categories.end(), cat) == k_categories.end()) {
        errors.push_back(
            {"categories", "validation.enum", "'" + cat + "' is not an allowed category"});
        break;
      }
  need(in.org_unit_id.has_value(), "org_unit_id");
  if (in.address && text::utf8_length(*in.address) > 128)
    errors.push_back({"address", "validation.too_long", "must be at most 128 characters"});
  if (in.household_code && text::utf8_length(*in.household_code) > 32)
    errors.push_back({"household_code", "validation.too_long", "must be at most 32 characters"});
  if (in.notes && text::utf8_length(*in.notes) > 1000)
    errors.push_back({"notes", "validation.too_long", "must be at most 1000 characters"});
  if (in.contacts) {
    if (in.contacts->size() > 5)
      errors.push_back({"contacts", "validation.too_many", "must have at most 5 items"});
    std::vector<contact_input> out;
    for (std::size_t i = 0; i < in.contacts->size(); ++i) {
      auto ci = (*in.contacts)[i];
      std::string pre = "contacts[" + std::to_string(i) + "].";
      if (ci.name.empty())
        errors.push_back({pre + "name", "validation.required", "is required"});
      else if (text::utf8_length(ci.name) > 32)
        errors.push_back({pre + "name", "validation.too_long", "must be at most 32 characters"});
      if (std::find(k_relations.begin(), k_relations.end(), ci.relation) == k_relations.end())
        errors.push_back({pre + "relation", "validation.enum", "is not an allowed relation"});
      if (ci.phone) {
        auto p = phone::normalize(*ci.phone, pre + "phone");
        if (!p)
          errors.push_back({pre + "phone", p.err().code, p.err().message});
        else
          ci.phone = *p;
      } else if (!ci.id) {
        errors.push_back({pre + "phone", "validation.required", "is required"});
      }
      out.push_back(std::move(ci));
    }
    v.contacts = std::move(out);
  }
  return v;
}

result<std::optional<unit_ref>> find_unit(db::connection& c, const sys::principal& who,
                                          std::int64_t id) {
  db::params args{id};
  std::string scope = "1=1";
  if (who.data_scope == "unit_tree") {
    scope = "(o.path >= ? AND o.path < ?)";
    args.emplace_back(who.org_path);
    args.emplace_back(sys::prefix_upper_bound(who.org_path));
  } else if (who.data_scope != "all") {
    scope = "1=0";
  }
  auto r = c.maybe_one(
      "SELECT o.id, o.community_id, o.path, o.kind, o.name FROM org_units o WHERE o.id = ? AND "
      "o.archived = 0 AND o.kind <> 'street' AND " +
          scope,
      args);
  if (!r) return std::move(r).err();
  if (!*r) return std::optional<unit_ref>{};
  return std::optional<unit_ref>{
      unit_ref{(*r)->i64(0), (*r)->i64(1), (*r)->str(2), (*r)->str(3), (*r)->str(4)}};
}

namespace {

status write_contacts(db::connection& c, std::int64_t elder_id,
                      const std::vector<contact_input>& contacts, const std::vector<contact>& old) {
  auto del = c.exec("DELETE FROM elder_contacts WHERE elder_id = ?", {elder_id});
  if (!del) return std::move(del).err();
  std::int64_t sort = 0;
  for (const auto& ci : contacts) {
    std::string ph = ci.phone.value_or("");
    if (!ci.phone && ci.id) {
      for (const auto& o : old)
        if (o.id == *ci.id) ph = o.phone;
      if (ph.empty())
        return error::invalid("validation.required", "contacts", "unknown contact id");
    }
    auto ins = c.exec(
        "INSERT INTO elder_contacts (elder_id, name, relation, phone, sort, pii_key) VALUES (?, ?, "
        "?, ?, ?, ?)",
        {elder_id, ci.name, ci.relation, pii_rows::seal_contact_phone(ph), sort++,
         pii_rows::current_key_id()});
    if (!ins) return std::move(ins).err();
  }
  return {};
}

status write_categories(db::connection& c, std::int64_t elder_id,
                        const std::vector<std::string>& cats) {
  auto del = c.exec("DELETE FROM elder_categories WHERE elder_id = ?", {elder_id});
  if (!del) return std::move(del).err();
  for (const auto& cat : cats) {
    auto ins =
        c.exec("INSERT INTO elder_categories (elder_id, category) VALUES (?, ?)", {elder_id, cat});
    if (!ins) return std::move(ins).err();
  }
  return {};
}

std::string contacts_summary(const std::vector<contact>& cs) {
  std::string s;
  for (const auto& c : cs) {
    if (!s.empty()) s += "; ";
    s += c.name + "(" + c.relation + ") " + phone::mask(c.phone);
  }
  return s;
}

std::string contacts_summary(const std::vector<contact_input>& cs,
                             const std::vector<contact>& old) {
  std::vector<contact> tmp;
  for (const auto& ci : cs) {
    std::string ph = ci.phone.value_or("");
    if (!ci.phone && ci.id)
      for (const auto& o : old)
        if (o.id == *ci.id) ph = o.phone;
    tmp.push_back({0, ci.name, ci.relation, ph});
  }
  return contacts_summary(tmp);
}

}  // namespace

result<std::int64_t> insert_elder(db::connection& c, const sys::principal& who,
                                  const elder_input& in, const validated& v, const unit_ref& unit,
                                  std::string_view audit_action) {
  auto now = timeutil::now_unix_ms();
  std::string idn = *v.id_number;
  std::string phone_v = v.phone && *v.phone ? **v.phone : std::string();
  auto cats = in.categories.value_or(std::vector<std::string>{});
  auto sealed = pii_rows::seal_elder(
      idn, phone_v.empty() ? std::optional<std::string>{} : std::optional<std::string>{phone_v});
  db::params args{*in.name,
                  std::string(1, *v.sex),
                  *v.birth_date,
                  *in.living_status,
                  categories_text(cats),
                  unit.id,
                  unit.community_id,
                  unit.path,
                  in.address.value_or(""),
                  in.notes.value_or(""),
                  who.user_id,
                  now,
                  now,
                  in.household_code.value_or("")};
  sealed.append_to(args);
  auto ins = c.query(std::string("INSERT INTO elders (name, sex, birth_date, living_status, "
                                 "categories, org_unit_id, community_id, org_path, address, notes, "
                                 "created_by, created_at, updated_at, household_code, ") +
                         pii_rows::elder_cols::k_columns +
                         ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                         "?, ?, ?, ?, ?, " +
                         pii_rows::elder_cols::k_placeholders + ") RETURNING id",
                     args);
  if (!ins) {
    if (ins.err().kind == errc::conflict) {
      auto e = error::make(errc::conflict, "elder.id_number_duplicate",
                           "This ID number is already registered");
      e.field = "id_number";
      return e;
    }
    return std::move(ins).err();
  }
  auto id = ins->front().i64(0);
  EC_TRY(write_categories(c, id, cats));
  if (v.contacts) EC_TRY(write_contacts(c, id, *v.contacts, {}));
  json::object ch;
  ch["name"] = json::array{nullptr, json::string(*in.name)};
  ch["id_number"] = json::array{nullptr, json::string(idcard::mask(idn))};
  if (!phone_v.empty()) ch["phone"] = json::array{nullptr, json::string(phone::mask(phone_v))};
  ch["living_status"] = json::array{nullptr, json::string(*in.living_status)};
  ch["org_unit_id"] = json::array{nullptr, unit.id};
  if (!cats.empty()) ch["categories"] = json::array{nullptr, json::string(categories_text(cats))};
  if (v.contacts && !v.contacts->empty())
    ch["contacts"] = json::array{nullptr, json::string(contacts_summary(*v.contacts, {}))};
  EC_TRY(
      sys::audit(c, &who, who.ip,
                 {std::string(audit_action),
                  "elder",
                  std::to_string(id),
                  {std::string(audit_action == "import" ? "imported " : "registered ") + *in.name,
                   std::string(audit_action == "import" ? "导入老人 " : "新增老人 ") + *in.name},
                  ch}));
  return id;
}

status apply_update(db::connection& c, const sys::principal& who, const elder& old,
                    const elder_input& in, const validated& v, const std::optional<unit_ref>& unit,
                    std::string_view audit_action, move_context* moves) {
  std::string name = in.name.value_or(old.name);
  std::string idn = v.id_number.value_or(old.id_number);
  std::string birth = v.birth_date.value_or(old.birth_date);
  char sex = v.sex.value_or(old.sex);
  std::optional<std::string> ph = v.phone ? *v.phone : old.phone;
  std::string living = in.living_status.value_or(old.living_status);
  auto cats = in.categories.value_or(old.categories);
  std::string address = in.address.value_or(old.address);
  std::string notes = in.notes.value_or(old.notes);
  std::string household = in.household_code.value_or(old.household_code);
  std::int64_t unit_id = unit ? unit->id : old.org_unit_id;
  auto sealed = pii_rows::seal_elder(idn, ph);
  db::params args{
      name,      std::string(1, sex),    birth, living, categories_text(cats), address, notes,
      household, timeutil::now_unix_ms()};
  sealed.append_to(args);
  std::string sql =
      std::string(
          "UPDATE elders SET name = ?, sex = ?, birth_date = ?, living_status = ?, "
          "categories = ?, address = ?, notes = ?, household_code = ?, updated_at = ?, "
          "version = version + 1, ") +
      pii_rows::elder_cols::k_assignments;
  if (unit) {
    sql += ", org_unit_id = ?, community_id = ?, org_path = ?";
    args.emplace_back(unit->id);
    args.emplace_back(unit->community_id);
    args.emplace_back(unit->path);
  }
  sql += " WHERE id = ?";
  args.emplace_back(old.id);
  if (in.version) {
    sql += " AND version = ?";
    args.emplace_back(*in.version);
  }
  auto up = c.exec(sql, args);
  if (!up) {
    if (up.err().kind == errc::conflict) {
      auto e = error::make(errc::conflict, "elder.id_number_duplicate",
                           "This ID number is already registered");
      e.field = "id_number";
      return e;
    }
    return std::move(up).err();
  }
  if (*up == 0) return stale();
  if (unit && unit->id != old.org_unit_id && moves && moves->followers) {
    const elder_move move{old.id, name, old.org_unit_id, *unit};
    for (const auto& follow : moves->followers->all()) {
      auto after = follow(c, who, move);
      if (!after) return std::move(after).err();
      moves->after_commit.push_back(std::move(*after));
    }
  }
  if (in.categories) EC_TRY(write_categories(c, old.id, cats));
  json::object ch;
  sys::diff_field(ch, "name", old.name, name);
  sys::diff_field(ch, "id_number", idcard::mask(old.id_number), idcard::mask(idn));
  sys::diff_field(ch, "phone", old.phone ? phone::mask(*old.phone) : "",
                  ph ? phone::mask(*ph) : "");
  sys::diff_field(ch, "living_status", old.living_status, living);
  sys::diff_field(ch, "categories", categories_text(old.categories), categories_text(cats));
  sys::diff_field(ch, "address", old.address, address);
  sys::diff_field(ch, "notes", old.notes, notes);
  sys::diff_field(ch, "household_code", old.household_code, household);
  sys::diff_field(ch, "org_unit_id", std::to_string(old.org_unit_id), std::to_string(unit_id));
  if (v.contacts) {
    EC_TRY(write_contacts(c, old.id, *v.contacts, old.contacts));
    sys::diff_field(ch, "contacts", contacts_summary(old.contacts),
                    contacts_summary(*v.contacts, old.contacts));
  }
  return sys::audit(c, &who, who.ip,
                    {std::string(audit_action),
                     "elder",
                     std::to_string(old.id),
                     {(audit_action == "import" ? "imported changes to " : "updated ") + old.name,
                      (audit_action == "import" ? "导入更新老人 " : "修改老人 ") + old.name},
                     ch});
}

namespace {

// The unit named by in.org_unit_id, if given; an unknown or out-of-scope unit
// becomes a field error (not a 404: the elder itself is in scope).
result<std::optional<unit_ref>> resolve_unit(db::connection& c, const sys::principal& who,
                                             const elder_input& in,
                                             std::vector<field_error>& errs) {
  if (!in.org_unit_id) return std::optional<unit_ref>{};
  auto u = find_unit(c, who, *in.org_unit_id);
  if (!u) return std::move(u).err();
  if (!*u)
    errs.push_back(
        {"org_unit_id", "elder.org_unit_invalid", "no such community or building in your scope"});
  return *u;
}

}  // namespace

result<elder> create(db::connection& c, const sys::principal& who, const elder_input& in) {
  std::vector<field_error> errs;
  auto v = validate(in, true, timeutil::today_shanghai(), errs);
  auto unit = resolve_unit(c, who, in, errs);
  if (!unit) return std::move(unit).err();
  if (!errs.empty()) return error::fields(std::move(errs));
  auto id = db::in_transaction(
      c, [&]() -> result<std::int64_t> { return insert_elder(c, who, in, v, **unit, "create"); });
  if (!id) return std::move(id).err();
  elders_changed();
  return get(c, who, *id);
}

result<elder> update(db::connection& c, const sys::principal& who, std::int64_t id,
                     const elder_input& in, const move_followers* followers) {
  auto cur = load(c, who, id);
  if (!cur) return std::move(cur).err();
  if (!*cur) return not_found();
  std::vector<field_error> errs;
  if (!in.version) errs.push_back({"version", "validation.required", "is required"});
  auto v = validate(in, false, timeutil::today_shanghai(), errs);
  auto unit = resolve_unit(c, who, in, errs);
  if (!unit) return std::move(unit).err();
  if (!errs.empty()) return error::fields(std::move(errs));
  if ((*cur)->version != *in.version) return stale();
  if ((*cur)->status != "active")
    return error::make(errc::conflict, "elder.left", "The elder has left the registry");
  move_context moves{followers, {}};
  auto st = db::in_transaction(
      c, [&]() -> status { return apply_update(c, who, **cur, in, v, *unit, "update", &moves); });
  if (!st) return std::move(st).err();
  moves.committed();
  elders_changed();
  return get(c, who, id);
}

namespace {

// A left reason as the web UI names it (enum.left_reason).
std::string left_reason_zh(const std::string& reason) {
  if (reason == "moved") return "迁出";
  if (reason == "deceased") return "去世";
  if (reason == "other") return "其他";
  return reason;
}

}  // namespace

result<elder> leave(db::connection& c, const sys::principal& who, std::int64_t id,
                    const std::string& reason, const std::string& date, const std::string& note,
                    std::int64_t version) {
  auto cur = load(c, who, id);
  if (!cur) return std::move(cur).err();
  if (!*cur) return not_found();
  auto d = timeutil::parse_date(date, "date");
  if (!d) return error::invalid("date.invalid", "date", "must be a date YYYY-MM-DD");
  if (std::chrono::sys_days(*d) > std::chrono::sys_days(timeutil::today_shanghai()))
    return error::invalid("date.invalid", "date", "must not be in the future");
  if ((*cur)->status != "active")
    return error::make(errc::conflict, "elder.left", "The elder has already left the registry");
  auto st = db::in_transaction(c, [&]() -> status {
    auto up = c.exec(
        "UPDATE elders SET status = 'left', left_reason = ?, left_date = ?, left_note = ?, "
        "version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
        {reason, date, note, timeutil::now_unix_ms(), id, version});
    if (!up) return std::move(up).err();
    if (*up == 0) return stale();
    json::object ch{{"status", json::array{"active", "left"}},
                    {"left_reason", json::array{nullptr, json::string(reason)}},
                    {"left_date", json::array{nullptr, json::string(date)}}};
    return sys::audit(
        c, &who, who.ip,
        {"leave",
         "elder",
         std::to_string(id),
         {(*cur)->name + " left: " + reason, (*cur)->name + " 离册：" + left_reason_zh(reason)},
         ch});
  });
  if (!st) return std::move(st).err();
  elders_changed();
  return get(c, who, id);
}

result<std::string> reveal(db::connection& c, const sys::principal& who, std::int64_t id,
                           const std::string& field, std::optional<std::int64_t> contact_id) {
  auto cur = load(c, who, id);
  if (!cur) return std::move(cur).err();
  if (!*cur) return not_found();
  const auto& e = **cur;
  // The field as the English summary names it, and as the elder form labels it.
  std::string value, what = field, what_zh;
  if (field == "id_number") {
    value = e.id_number;
    what_zh = "身份证号";
  } else if (field == "phone") {
    if (!e.phone) return not_found();
    value = *e.phone;
    what_zh = "联系电话";
  } else {
    for (const auto& ct : e.contacts)
      if (contact_id && ct.id == *contact_id) value = ct.phone;
    if (value.empty()) return not_found();
    what = "contact_phone:" + std::to_string(*contact_id);
    what_zh = "联系人电话（联系人 #" + std::to_string(*contact_id) + "）";
  }
  auto st = db::in_transaction(c, [&]() -> status {
    return sys::audit(c, &who, who.ip,
                      {"reveal",
                       "elder",
                       std::to_string(id),
                       {"revealed " + what + " of " + e.name, "查看 " + e.name + " 的" + what_zh},
                       {}});
  });
  if (!st) return std::move(st).err();
  return value;
}

}  // namespace ec::registry
