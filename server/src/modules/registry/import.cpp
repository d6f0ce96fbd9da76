#include "modules/registry/import.hpp"

#include <boost/json.hpp>
#include <map>
#include <set>

#include "core/csv.hpp"
#include "core/text.hpp"
#include "core/timeutil.hpp"
#include "core/xlsx.hpp"
#include "modules/registry/elders.hpp"
#include "modules/registry/pii_rows.hpp"
#include "modules/system/system.hpp"

namespace ec::registry {
namespace {

enum class col {
  household,
  name,
  id_number,
  phone,
  living,
  categories,
  community,
  building,
  address,
  contact_name,
  contact_relation,
  contact_phone,
  notes
};

// Header spellings seen in survey sheets, mapped to columns.
const std::vector<std::pair<std::string_view, col>>& header_words() {
  static const std::vector<std::pair<std::string_view, col>> w = {
      {"姓名", col::name},
      {"老人姓名", col::name},
      {"身份证号", col::id_number},
      {"身份证号码", col::id_number},
      {"身份证", col::id_number},
      {"公民身份号码", col::id_number},
      {"联系电话", col::phone},
      {"电话", col::phone},
      {"手机", col::phone},
      {"手机号", col::phone},
      {"本人电话", col::phone},
      {"居住状况", col::living},
      {"居住状态", col::living},
      {"居住情况", col::living},
      {"特殊类别", col::categories},
      {"类别", col::categories},
      {"人员类别", col::categories},
      {"特殊群体", col::categories},
      {"所属社区", col::community},
      {"社区", col::community},
      {"村居", col::community},
      {"社区/村", col::community},
      {"所属村居", col::community},
      {"村/社区", col::community},
      {"楼栋/网格", col::building},
      {"楼栋", col::building},
      {"网格", col::building},
      {"网格/楼栋", col::building},
      {"家庭住址", col::address},
      {"住址", col::address},
      {"地址", col::address},
      {"紧急联系人", col::contact_name},
      {"联系人", col::contact_name},
      {"联系人关系", col::contact_relation},
      {"关系", col::contact_relation},
      {"与老人关系", col::contact_relation},
      {"联系人电话", col::contact_phone},
      {"紧急联系人电话", col::contact_phone},
      {"备注", col::notes},
      {"户号", col::household},
      {"家庭户号", col::household},
  };
  return w;
}

const std::map<std::string, std::string>& living_words() {
  static const std::map<std::string, std::string> m = {{"独居", "alone"},
                                                       {"空巢", "empty_nest"},
                                                       {"与子女同住", "with_family"},
                                                       {"与家人同住", "with_family"},
                                                       {"子女同住", "with_family"},
                                                       {"与子女居住", "with_family"},
                                                       {"机构养老", "institution"},
                                                       {"养老机构", "institution"},
                                                       {"入住机构", "institution"},
                                                       {"其他", "other"},
                                                       {"其它", "other"}};
  return m;
}

const std::map<std::string, std::string>& category_words() {
  static const std::map<std::string, std::string> m = {{"特困", "extreme_poverty"},
                                                       {"特困人员", "extreme_poverty"},
                                                       {"五保", "extreme_poverty"},
                                                       {"低保", "subsistence"},
                                                       {"低保户", "subsistence"},
                                                       {"失独", "lost_only_child"},
                                                       {"计生特殊家庭", "lost_only_child"},
                                                       {"残疾", "disabled"},
                                                       {"残疾人", "disabled"},
                                                       {"重残", "disabled"},
                                                       {"低收入", "low_income"},
                                                       {"低保边缘", "low_income"},
                                                       {"留守", "left_behind"},
                                                       {"留守老人", "left_behind"},
                                                       {"优抚", "veteran"},
                                                       {"优抚对象", "veteran"},
                                                       {"退役军人", "veteran"},
                                                       {"高龄", "advanced_age"}};
  return m;
}

const std::map<std::string, std::string>& relation_words() {
  static const std::map<std::string, std::string> m = {
      {"儿子", "son"},        {"子", "son"},          {"女儿", "daughter"},
      {"女", "daughter"},     {"配偶", "spouse"},     {"老伴", "spouse"},
      {"妻子", "spouse"},     {"丈夫", "spouse"},     {"孙子", "grandchild"},
      {"孙女", "grandchild"}, {"外孙", "grandchild"}, {"外孙女", "grandchild"},
      {"孙辈", "grandchild"}, {"亲属", "relative"},   {"亲戚", "relative"},
      {"儿媳", "relative"},   {"女婿", "relative"},   {"侄子", "relative"},
      {"邻居", "neighbor"},   {"其他", "other"},      {"其它", "other"}};
  return m;
}

std::string strip_spaces(std::string s) {
  std::string out;
  for (char ch : text::trim(s))
    if (ch != ' ' && ch != '*') out += ch;  // "*姓名" marks required columns in some templates
  return out;
}

struct unit_names {
  // community name → unit; (community id, building name) → unit
  std::map<std::string, unit_ref> communities;
  std::map<std::pair<std::int64_t, std::string>, unit_ref> buildings;
};

result<unit_names> load_units(db::connection& c, const sys::principal& who) {
  db::params args;
  auto scope = sys::org_scope_sql(who, "o", args);
  auto rows = c.query(
      "SELECT o.id, o.community_id, o.path, o.kind, o.name FROM org_units o WHERE "
      "o.archived = 0 AND o.kind <> 'street' AND " +
          scope,
      args);
  if (!rows) return std::move(rows).err();
  unit_names out;
  for (const auto& r : *rows) {
    unit_ref u{r.i64(0), r.i64(1), r.str(2), r.str(3), r.str(4)};
    // Units above the caller's own are context, not places to register elders.
    if (who.data_scope == "unit_tree" && !u.path.starts_with(who.org_path)) continue;
    if (u.kind == "community" || u.kind == "village")
      out.communities[u.name] = u;
    else
      out.buildings[{u.community_id, u.name}] = u;
  }
  return out;
}

}  // namespace

const std::vector<std::string>& template_headers() {
  static const std::vector<std::string> h = {
      "姓名",     "身份证号",   "联系电话",   "居住状况",   "特殊类别", "所属社区", "楼栋/网格",
      "家庭住址", "紧急联系人", "联系人关系", "联系人电话", "户号",     "备注"};
  return h;
}

result<import_report> import_elders(db::connection& c, const sys::principal& who,
                                    std::string_view bytes, sheet_format fmt, bool dry_run,
                                    const move_followers* followers) {
  auto rows = fmt == sheet_format::csv ? csv::parse(bytes) : xlsx::read_first_sheet(bytes);
  if (!rows) return std::move(rows).err();

  // The header is the first row naming both 姓名 and 身份证号 (titles may sit above it).
  std::size_t header_row = rows->size();
  std::map<col, std::size_t> at;
  std::map<col, std::string> header_text;
  for (std::size_t r = 0; r < rows->size() && r < 10; ++r) {
    std::map<col, std::size_t> found;
    std::map<col, std::string> texts;
    for (std::size_t i = 0; i < (*rows)[r].size(); ++i) {
      auto h = strip_spaces((*rows)[r][i]);
      for (const auto& [word, cl] : header_words())
        if (h == word && !found.contains(cl)) {
          found[cl] = i;
          texts[cl] = h;
        }
    }
    if (found.contains(col::name) && found.contains(col::id_number)) {
      header_row = r;
      at = std::move(found);
      header_text = std::move(texts);
      break;
    }
  }
  if (header_row == rows->size())
    return error::invalid("import.no_header", "file",
                          "no header row with both 姓名 and 身份证号 in the first 10 rows");

  auto units = load_units(c, who);
  if (!units) return std::move(units).err();

  import_report rep;
  rep.dry_run = dry_run;
  auto today = timeutil::today_shanghai();

  struct planned {
    int row;
    elder_input in;
    validated v;
    unit_ref unit;
  };
  std::vector<planned> plan;
  std::set<std::string> seen_ids;

  for (std::size_t r = header_row + 1; r < rows->size(); ++r) {
    const auto& cells = (*rows)[r];
    auto cell = [&](col k) -> std::string {
      auto it = at.find(k);
      if (it == at.end() || it->second >= cells.size()) return {};
      // Control characters (a stray NUL from a broken export) are dropped.
      std::string v = text::trim(cells[it->second]);
      std::erase_if(v, [](char ch) { return static_cast<unsigned char>(ch) < 0x20 && ch != '\n'; });
      return v;
    };
    bool blank = true;
    for (const auto& x : cells) blank = blank && text::trim(x).empty();
    if (blank) continue;
    int rownum = static_cast<int>(r + 1);
    ++rep.total_rows;
    std::size_t errs_before = rep.errors.size();
    auto err = [&](col k, std::string code, std::string msg) {
      std::string h = header_text.contains(k) ? header_text[k] : "";
      rep.errors.push_back({rownum, h, std::move(code), std::move(msg)});
    };

    elder_input in;
    in.name = cell(col::name);
    in.id_number = cell(col::id_number);
    if (auto ph = cell(col::phone); !ph.empty()) in.phone = std::optional<std::string>{ph};
    // An empty or missing 居住状况 means "other" for a new elder and "unchanged"
    // for a known one (decided below, once we know which it is).
    if (auto lv = cell(col::living); !lv.empty()) {
      auto it = living_words().find(lv);
      if (it == living_words().end())
        err(col::living, "validation.enum",
            "'" + lv + "' is not one of 独居, 空巢, 与子女同住, 机构养老, 其他");
      else
        in.living_status = it->second;
    }
    bool living_given = in.living_status.has_value();
    if (!living_given) in.living_status = "other";
    if (at.contains(col::categories)) {
      std::vector<std::string> cats;
      for (const auto& w : text::split_list(cell(col::categories))) {
        auto it = category_words().find(w);
        if (it == category_words().end()) {
          err(col::categories, "validation.enum",
              "'" + w + "' is not one of 特困, 低保, 失独, 残疾, 低收入, 留守, 优抚对象, 高龄");
          break;
        }
        if (std::find(cats.begin(), cats.end(), it->second) == cats.end())
          cats.push_back(it->second);
      }
      in.categories = cats;
    }
    if (at.contains(col::address)) in.address = cell(col::address);
    if (at.contains(col::notes)) in.notes = cell(col::notes);
    if (at.contains(col::household)) in.household_code = cell(col::household);
    auto cname = cell(col::contact_name);
    if (!cname.empty()) {
      contact_input ci;
      ci.name = cname;
      auto rel = cell(col::contact_relation);
      auto it = relation_words().find(rel);
      ci.relation = rel.empty() ? "other" : (it == relation_words().end() ? rel : it->second);
      if (auto cp = cell(col::contact_phone); !cp.empty()) ci.phone = cp;
      in.contacts = std::vector<contact_input>{ci};
    }

    // Where the elder lives: community (required) and building (optional).
    unit_ref unit;
    auto comm = cell(col::community);
    auto cit = units->communities.find(comm);
    if (comm.empty()) {
      if (units->communities.size() == 1)
        unit = units->communities.begin()->second;
      else
        err(col::community, "validation.required", "is required");
    } else if (cit == units->communities.end()) {
      err(col::community, "import.unknown_community",
          "no community or village named '" + comm + "' in your scope");
    } else {
      unit = cit->second;
    }
    if (unit.id != 0) {
      auto b = cell(col::building);
      if (!b.empty()) {
        auto bit = units->buildings.find({unit.community_id, b});
        if (bit == units->buildings.end())
          err(col::building, "import.unknown_building",
              "no grid or building named '" + b + "' in " + unit.name);
        else
          unit = bit->second;
      }
    }
    in.org_unit_id = unit.id;

    std::vector<field_error> ferrs;
    auto v = validate(in, true, today, ferrs);
    for (const auto& fe : ferrs) {
      col k = col::notes;
      if (fe.field == "name")
        k = col::name;
      else if (fe.field == "id_number")
        k = col::id_number;
      else if (fe.field == "phone")
        k = col::phone;
      else if (fe.field == "address")
        k = col::address;
      else if (fe.field.starts_with("contacts[0].phone"))
        k = col::contact_phone;
      else if (fe.field.starts_with("contacts[0].relation"))
        k = col::contact_relation;
      else if (fe.field.starts_with("contacts"))
        k = col::contact_name;
      else if (fe.field == "living_status")
        k = col::living;
      else if (fe.field == "org_unit_id")
        continue;  // reported above
      if (fe.field == "org_unit_id") continue;
      err(k, fe.code, fe.message);
    }
    if (v.id_number) {
      if (!seen_ids.insert(*v.id_number).second)
        err(col::id_number, "import.duplicate_in_file",
            "the same ID number appears on an earlier row");
    }
    if (!living_given) in.living_status.reset();
    if (rep.errors.size() == errs_before) {
      ++rep.valid_rows;
      plan.push_back({rownum, std::move(in), std::move(v), unit});
    }
  }

  // Which rows update an existing elder? Visible ones update; an ID registered
  // outside the caller's scope is an error (the caller may not touch it).
  std::map<std::string, std::optional<elder>> existing;
  std::vector<planned> kept;
  for (auto& p : plan) {
    auto r =
        c.maybe_one("SELECT id FROM elders WHERE id_bi = ?", {pii_rows::id_index(*p.v.id_number)});
    if (!r) return std::move(r).err();
    if (*r) {
      auto e = get(c, who, (*r)->i64(0));
      if (!e) {
        if (e.err().kind != errc::not_found) return std::move(e).err();
        rep.errors.push_back({p.row, header_text[col::id_number], "elder.id_number_duplicate",
                              "this ID number is registered in another community"});
        --rep.valid_rows;
        continue;
      }
      if (e->status != "active") {
        rep.errors.push_back(
            {p.row, header_text[col::id_number], "elder.left", "this elder has left the registry"});
        --rep.valid_rows;
        continue;
      }
      existing[*p.v.id_number] = std::move(*e);
    } else if (!p.in.living_status) {
      p.in.living_status = "other";
    }
    kept.push_back(std::move(p));
  }
  plan = std::move(kept);
  for (const auto& p : plan) (existing.contains(*p.v.id_number) ? rep.updated : rep.created)++;
  std::sort(rep.errors.begin(), rep.errors.end(),
            [](const import_error& a, const import_error& b) { return a.row < b.row; });
  if (dry_run || !rep.errors.empty()) {
    if (!dry_run) {
      rep.created = 0;
      rep.updated = 0;
    }
    return rep;
  }

  move_context moves{followers, {}};
  auto st = db::in_transaction(c, [&]() -> status {
    for (const auto& p : plan) {
      auto it = existing.find(*p.v.id_number);
      if (it == existing.end()) {
        auto id = insert_elder(c, who, p.in, p.v, p.unit, "import");
        if (!id) return std::move(id).err();
      } else {
        auto in = p.in;
        in.version.reset();  // the sheet has no version: last write wins, audited
        EC_TRY(apply_update(c, who, *it->second, in, p.v, p.unit, "import", &moves));
      }
    }
    boost::json::object ch{{"created", rep.created}, {"updated", rep.updated}};
    return sys::audit(c, &who, who.ip,
                      {"import",
                       "elder",
                       "",
                       {"imported " + std::to_string(rep.valid_rows) + " rows",
                        "批量导入老人档案 " + std::to_string(rep.valid_rows) + " 行"},
                       ch});
  });
  if (!st) return std::move(st).err();
  moves.committed();
  elders_changed();
  return rep;
}

}  // namespace ec::registry
