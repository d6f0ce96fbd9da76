// Demo elders; see demo_gen.hpp for the guarantees. The shares below are rough national and
// Shandong rural figures (age structure of the 2020 census, 空巢/独居 shares from civil
// affairs surveys); they make a plausible picture, not statistics.
#include "demo/gen.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <random>
#include <span>
#include <string_view>
#include <unordered_set>

#include "core/idcard.hpp"

namespace ec::registry::demo {
namespace {

using namespace std::chrono;
using sv = std::string_view;

// ---------------------------------------------------------------------------------------
// Randomness: raw mt19937_64 output only, mapped by the functions below.

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30U)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27U)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31U);
}

class rng {
 public:
  explicit rng(std::uint64_t seed) : eng_(seed) {}

  // Uniform in [0, n) by rejection, so no residue is favoured.
  std::uint64_t below(std::uint64_t n) {
    if (n <= 1) return 0;
    const std::uint64_t max = std::mt19937_64::max();
    const std::uint64_t limit = max - max % n;
    std::uint64_t x = eng_();
    while (x >= limit) x = eng_();
    return x % n;
  }
  int between(int lo, int hi) {  // inclusive
    const auto span = static_cast<std::int64_t>(hi) - lo + 1;
    return lo + static_cast<int>(below(static_cast<std::uint64_t>(span)));
  }
  bool per_mille(int p) { return below(1000) < static_cast<std::uint64_t>(p); }
  template <class T, std::size_t N>
  const T& pick(const std::array<T, N>& a) {
    return a[below(N)];
  }
  std::size_t weighted(std::span<const int> weights) {
    std::uint64_t total = 0;
    for (int w : weights) total += static_cast<std::uint64_t>(w);
    std::uint64_t x = below(total);
    for (std::size_t i = 0; i < weights.size(); ++i) {
      const auto w = static_cast<std::uint64_t>(weights[i]);
      if (x < w) return i;
      x -= w;
    }
    return weights.size() - 1;
  }

 private:
  std::mt19937_64 eng_;
};

// ---------------------------------------------------------------------------------------
// Names.

constexpr auto k_surnames = std::to_array<sv>(
    {"王", "张", "李", "刘", "孙", "陈", "杨", "赵", "周", "吴", "徐", "马", "朱", "胡", "郭",
     "何", "高", "林", "罗", "郑", "梁", "宋", "谢", "韩", "唐", "冯", "于", "董", "萧", "程",
     "曹", "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕", "苏", "卢", "蒋", "蔡", "贾", "丁",
     "魏", "薛", "叶", "阎", "余", "潘", "杜", "戴", "夏", "钟", "汪", "田", "任", "姜", "范",
     "方", "石", "姚", "谭", "廖", "邹", "熊", "金", "陆", "郝", "孔", "白", "崔", "康", "毛",
     "邱", "秦", "江", "史", "顾", "侯", "邵", "孟", "龙", "万", "段", "雷", "钱", "汤", "尹",
     "黎", "易", "常", "武", "乔", "贺", "赖", "龚", "文"});
// The north's big surnames (王 张 李 刘 孙 ...) are common, the southern ones rare.
int surname_weight(std::size_t i) {
  if (i < 5) return 60;
  if (i < 15) return 25;
  if (i < 40) return 10;
  return 4;
}

// Given names with the birth years in which they were common: names of the republican era,
// of the founding years (建国 国庆 援朝), of the Great Leap (跃进) and the Cultural
// Revolution (卫东 红卫, born 1966).
struct given_name {
  sv name;
  int from, to;
};

constexpr auto k_male_names = std::to_array<given_name>({
    {"德胜", 1926, 1950}, {"福海", 1926, 1950}, {"永祥", 1926, 1952}, {"宝山", 1926, 1950},
    {"玉林", 1926, 1955}, {"树林", 1926, 1958}, {"庆祥", 1926, 1950}, {"广才", 1926, 1950},
    {"长海", 1926, 1958}, {"德明", 1926, 1955}, {"金山", 1926, 1952}, {"守信", 1926, 1948},
    {"继先", 1926, 1948}, {"立本", 1926, 1948}, {"玉堂", 1926, 1948}, {"振山", 1926, 1952},
    {"传福", 1926, 1950}, {"兆祥", 1926, 1950}, {"德福", 1926, 1950}, {"洪亮", 1935, 1960},
    {"春生", 1926, 1966}, {"长江", 1940, 1966}, {"文华", 1935, 1966}, {"学文", 1935, 1966},
    {"建国", 1949, 1956}, {"建华", 1949, 1966}, {"国庆", 1949, 1962}, {"援朝", 1950, 1953},
    {"志强", 1950, 1966}, {"振华", 1945, 1966}, {"建军", 1950, 1966}, {"卫国", 1950, 1966},
    {"和平", 1949, 1960}, {"胜利", 1945, 1955}, {"跃进", 1958, 1960}, {"卫东", 1966, 1966},
    {"红卫", 1966, 1966}, {"新民", 1949, 1960}, {"永生", 1940, 1966}, {"立新", 1950, 1966},
    {"国栋", 1945, 1966}, {"建设", 1950, 1962}, {"光明", 1949, 1966}, {"洪涛", 1955, 1966},
    {"明", 1945, 1966},   {"强", 1950, 1966},   {"军", 1950, 1966},   {"刚", 1950, 1966},
    {"勇", 1950, 1966},   {"林", 1940, 1966},   {"平", 1945, 1966},   {"斌", 1955, 1966},
    {"福", 1926, 1945},   {"祥", 1926, 1945},   {"山", 1926, 1950},   {"海", 1940, 1966},
    {"庆", 1940, 1966},   {"顺", 1926, 1950},
});

constexpr auto k_female_names = std::to_array<given_name>({
    {"秀英", 1926, 1966}, {"桂英", 1926, 1966}, {"秀兰", 1926, 1966}, {"玉兰", 1926, 1966},
    {"桂兰", 1926, 1966}, {"凤英", 1926, 1962}, {"淑珍", 1926, 1962}, {"秀珍", 1926, 1962},
    {"玉珍", 1926, 1962}, {"玉梅", 1930, 1966}, {"淑英", 1926, 1960}, {"凤兰", 1926, 1960},
    {"翠兰", 1926, 1958}, {"桂珍", 1926, 1958}, {"兰英", 1926, 1958}, {"秀芳", 1935, 1966},
    {"淑兰", 1926, 1960}, {"玉华", 1935, 1966}, {"秀云", 1926, 1962}, {"桂芝", 1926, 1955},
    {"凤芝", 1926, 1955}, {"春花", 1935, 1966}, {"金花", 1926, 1960}, {"玉芹", 1926, 1962},
    {"秀荣", 1926, 1962}, {"素珍", 1926, 1958}, {"俊英", 1930, 1962}, {"翠英", 1926, 1958},
    {"美兰", 1935, 1966}, {"月英", 1926, 1958}, {"桂香", 1926, 1958}, {"玉英", 1926, 1962},
    {"秀梅", 1935, 1966}, {"素英", 1926, 1955}, {"瑞英", 1926, 1955}, {"爱兰", 1945, 1966},
    {"秀华", 1940, 1966}, {"玉凤", 1935, 1966}, {"桂芳", 1940, 1966}, {"连英", 1926, 1955},
    {"爱华", 1949, 1966}, {"红梅", 1955, 1966}, {"丽华", 1950, 1966}, {"玉霞", 1950, 1966},
    {"秀红", 1955, 1966}, {"春梅", 1950, 1966}, {"凤霞", 1950, 1966}, {"国英", 1949, 1962},
    {"英", 1940, 1966},   {"兰", 1935, 1966},   {"芳", 1950, 1966},   {"珍", 1940, 1966},
    {"华", 1945, 1966},   {"梅", 1945, 1966},   {"霞", 1950, 1966},   {"荣", 1940, 1966},
});

// Children (born ~1950-1995) and grandchildren (~1975-2005).
constexpr std::array<sv, 20> k_son_names = {"伟",   "磊",   "强",   "军",   "勇",   "涛",   "斌",
                                            "超",   "明",   "辉",   "鹏",   "亮",   "建军", "海波",
                                            "建伟", "志刚", "永强", "海涛", "新华", "庆华"};
constexpr std::array<sv, 20> k_daughter_names = {
    "丽",   "静",   "敏",   "燕",   "红",   "霞",   "娟",   "玲",   "芳",   "艳",
    "海燕", "丽娟", "春梅", "秀丽", "红霞", "晓燕", "美玲", "丽华", "雪梅", "彩霞"};
constexpr std::array<sv, 20> k_grandchild_names = {
    "浩", "磊", "鑫",   "宇",   "杰",   "帅",   "晨",   "旭",   "婷",   "悦",
    "雪", "琳", "佳慧", "欣怡", "子涵", "雨萱", "浩然", "一鸣", "梓轩", "思雨"};

template <std::size_t N>
sv given_for(rng& r, const std::array<given_name, N>& names, int birth_year) {
  // The tables cover 1926-1966; centenarians and spouses a little out of range borrow the
  // nearest year.
  birth_year = birth_year < 1926 ? 1926 : birth_year > 1966 ? 1966 : birth_year;
  std::array<int, N> weights{};
  for (std::size_t i = 0; i < N; ++i) {
    const auto& n = names[i];
    // Two-character names were the norm; single ones only caught on for the later-born.
    const int base = n.name.size() > 3 ? 4 : 1;
    weights[i] = birth_year >= n.from && birth_year <= n.to ? base : 0;
  }
  return names[r.weighted(weights)].name;
}

std::size_t pick_surname(rng& r) {
  std::array<int, k_surnames.size()> weights{};
  for (std::size_t i = 0; i < weights.size(); ++i) weights[i] = surname_weight(i);
  return r.weighted(weights);
}

// Rural Shandong villages are often dominated by one or two families, whose name the village
// carries (台孙村: 孙, 周陈村: 周 and 陈). Returns surname indexes found in `village`.
std::vector<std::size_t> village_clans(sv village) {
  std::vector<std::size_t> clans;
  for (std::size_t i = 0; i < k_surnames.size(); ++i) {
    if (village.find(k_surnames[i]) != sv::npos) clans.push_back(i);
  }
  return clans;
}

// ---------------------------------------------------------------------------------------
// Ages: bands 60-69 52%, 70-79 31%, 80-89 14%, 90-99 2.85%, 100+ 0.15%, thinning within each
// band. Integer weights per single year of age keep the draw exact and portable.

constexpr int k_min_age = 60;
constexpr int k_max_age = 104;

std::array<int, k_max_age - k_min_age + 1> age_weights() {
  struct band {
    int first, last;
    int share;        // per 100,000
    int decline_pct;  // each year is this % of the previous one
  };
  constexpr std::array<band, 5> bands = {{{60, 69, 52000, 96},
                                          {70, 79, 31000, 93},
                                          {80, 89, 14000, 85},
                                          {90, 99, 2850, 78},
                                          {100, 104, 150, 60}}};
  std::array<int, k_max_age - k_min_age + 1> w{};
  for (const auto& b : bands) {
    std::array<std::int64_t, 10> rel{};
    std::int64_t sum = 0;
    std::int64_t v = 1'000'000;
    for (int a = b.first; a <= b.last; ++a) {
      rel[static_cast<std::size_t>(a - b.first)] = v;
      sum += v;
      v = v * b.decline_pct / 100;
    }
    for (int a = b.first; a <= b.last; ++a) {
      w[static_cast<std::size_t>(a - k_min_age)] =
          static_cast<int>(rel[static_cast<std::size_t>(a - b.first)] * b.share * 100 / sum);
    }
  }
  return w;
}

// A birth date giving exactly `age` full years on `today`.
year_month_day birth_for_age(rng& r, int age, year_month_day today) {
  const auto clamp_day = [](year y, month m, day d) {
    const year_month_day ymd{y, m, d};
    return ymd.ok() ? ymd : year_month_day{year_month_day_last{y, month_day_last{m}}};
  };
  const sys_days latest{clamp_day(today.year() - years{age}, today.month(), today.day())};
  const sys_days earliest =
      sys_days{clamp_day(today.year() - years{age + 1}, today.month(), today.day())} + days{1};
  const auto span = (latest - earliest).count() + 1;
  const auto offset = static_cast<days::rep>(r.below(static_cast<std::uint64_t>(span)));
  return year_month_day{earliest + days{offset}};
}

// ---------------------------------------------------------------------------------------
// Phones and addresses.

constexpr std::array<sv, 18> k_mobile_prefixes = {"130", "131", "132", "133", "134", "135",
                                                  "136", "137", "138", "139", "150", "151",
                                                  "152", "155", "158", "159", "186", "189"};

std::string mobile(rng& r) {
  return fmt::format("{}{:08d}", r.pick(k_mobile_prefixes), r.below(100'000'000));
}

// 高青 landlines: area code 0533, local numbers 69xxxxx.
std::string landline(rng& r) {
  return fmt::format("0533-69{:05d}", r.below(100'000));
}

// Draws until the phone is new, so no two people in the demo share a number.
template <class F>
std::string unique_phone(std::unordered_set<std::string>& used, F draw) {
  for (;;) {
    std::string p = draw();
    if (used.insert(p).second) return p;
  }
}

constexpr std::array<sv, 8> k_streets = {"东街",   "西街", "南街", "北街",
                                         "中心街", "前街", "后街", "大街"};

// ---------------------------------------------------------------------------------------
// Notes, phrased like a community worker's remarks.

constexpr std::array<sv, 14> k_health_notes = {
    "高血压，每日服药",         "糖尿病，需定期测血糖",     "腿脚不便，出门需搀扶",
    "听力较差，请大声说话",     "视力下降，白内障术后",     "冠心病，家中备有速效救心丸",
    "轻度认知障碍，需家人陪同", "腰椎间盘突出，不能提重物", "慢性支气管炎，冬季易复发",
    "脑梗后遗症，行动缓慢",     "喜欢参加社区活动",         "爱好下象棋，常在村口活动",
    "会剪纸，愿意教孩子们",     "身体硬朗，常帮邻居干活"};

}  // namespace

std::vector<place> gaoqing_places() {
  return {{"官庄社区", false, 12}, {"台孙村", true, 0}, {"台陈村", true, 0}, {"司家村", true, 0},
          {"姜家村", true, 0},     {"周陈村", true, 0}, {"义和村", true, 0}};
}

std::vector<elder> generate(const std::vector<place>& places, std::size_t count, std::uint64_t seed,
                            year_month_day today) {
  std::vector<elder> out;
  if (places.empty()) return out;
  out.reserve(count);

  const auto ages = age_weights();
  // Bigger places house more elders: a community by its buildings, a village as ~10.
  std::vector<int> place_weights;
  std::vector<std::vector<std::size_t>> clans;
  for (const auto& p : places) {
    place_weights.push_back(p.village ? 10 : 2 + (p.buildings > 0 ? p.buildings : 4));
    clans.push_back(p.village ? village_clans(p.name) : std::vector<std::size_t>{});
  }

  std::unordered_set<std::string> ids;
  std::unordered_set<std::string> phones;
  for (std::size_t index = 0; index < count; ++index) {
    rng r(splitmix64(seed ^ splitmix64(index)));
    elder e;

    e.place_index = r.weighted(place_weights);
    const place& home = places[e.place_index];

    const int age = k_min_age + static_cast<int>(r.weighted(ages));
    e.birth = birth_for_age(r, age, today);
    const int birth_year = static_cast<int>(e.birth.year());

    // More women among the oldest: they live longer.
    const int female_per_mille = age < 70    ? 500
                                 : age < 80  ? 530
                                 : age < 90  ? 580
                                 : age < 100 ? 650
                                             : 750;
    e.sex = r.per_mille(female_per_mille) ? 'F' : 'M';

    const auto& village_clans_here = clans[e.place_index];
    std::size_t surname = !village_clans_here.empty() && r.per_mille(400)
                              ? village_clans_here[r.below(village_clans_here.size())]
                              : pick_surname(r);
    const sv given = e.sex == 'M' ? given_for(r, k_male_names, birth_year)
                                  : given_for(r, k_female_names, birth_year);
    e.name = std::string(k_surnames[surname]) + std::string(given);

    // ID: the sequence's parity carries the sex; redraw on the rare collision.
    for (;;) {
      const int seq = static_cast<int>(r.below(500)) * 2 + (e.sex == 'M' ? 1 : 0);
      e.id_number = ec::idcard::make("370322", e.birth, seq);
      if (ids.insert(e.id_number).second) break;
    }

    // Living status by age band; widowhood makes living alone commoner among the oldest,
    // and more so for women.
    constexpr std::array<sv, 5> statuses = {"alone", "empty_nest", "with_family", "institution",
                                            "other"};
    std::array<int, 5> sw = age < 70       ? std::array<int, 5>{12, 42, 41, 1, 4}
                            : age < 80     ? std::array<int, 5>{18, 38, 39, 2, 3}
                            : e.sex == 'F' ? std::array<int, 5>{30, 20, 42, 5, 3}
                                           : std::array<int, 5>{20, 28, 44, 5, 3};
    e.living_status = std::string(statuses[r.weighted(sw)]);
    const bool alone = e.living_status == "alone";
    const bool empty_nest = e.living_status == "empty_nest";

    // Categories. 特困 and 低保 and 低收入 exclude each other; 特困 (no one obliged to
    // support them) and 失独 mean no children among the contacts.
    bool no_children = false;
    // Per mille: 特困 ~1.5% overall (5.5% of those alone), 低保 6%, 低收入 4%.
    const int poverty = r.between(0, 999);
    const int extreme = alone ? 55 : 8;
    if (poverty < extreme) {
      e.categories.emplace_back("extreme_poverty");
      no_children = true;
    } else if (poverty < extreme + 60) {
      e.categories.emplace_back("subsistence");
    } else if (poverty < extreme + 100) {
      e.categories.emplace_back("low_income");
    }
    if (r.per_mille(5)) {
      e.categories.emplace_back("lost_only_child");
      no_children = true;
    }
    if (r.per_mille(age < 70 ? 45 : age < 80 ? 80 : 140)) e.categories.emplace_back("disabled");
    // 留守: children gone to work in the cities; counted in villages only.
    if (home.village && (alone || empty_nest) && r.per_mille(150)) {
      e.categories.emplace_back("left_behind");
    }
    if (r.per_mille(e.sex == 'M' ? (age >= 75 ? 35 : 12) : 1)) {
      e.categories.emplace_back("veteran");
    }
    if (age >= 80) e.categories.emplace_back("advanced_age");

    // Phone: most of the young-old carry a mobile; the oldest often have none.
    if (r.per_mille(age < 70 ? 820 : age < 80 ? 660 : 450)) {
      e.phone = r.per_mille(150) ? unique_phone(phones, [&] { return landline(r); })
                                 : unique_phone(phones, [&] { return mobile(r); });
    }

    // Address.
    if (home.village || home.buildings <= 0) {
      e.building = 0;
      e.address = fmt::format("{}{}{}号", home.name, r.pick(k_streets), r.between(1, 88));
    } else {
      e.building = r.between(1, home.buildings);
      // Elders live low more often: floors 1-3 are twice as likely as 4-6.
      constexpr std::array<int, 6> floor_weights = {2, 2, 2, 1, 1, 1};
      const int floor = static_cast<int>(r.weighted(floor_weights)) + 1;
      e.address = fmt::format("{}{}号楼{}单元{}{:02d}", home.name, e.building, r.between(1, 4),
                              floor, r.between(1, 2));
    }

    // Contacts: children first, sharing the family surname. A woman's children carry her
    // husband's surname, drawn here.
    const std::size_t family_surname = e.sex == 'M' ? surname : pick_surname(r);
    const std::string family = std::string(k_surnames[family_surname]);
    const int n_contacts = r.per_mille(550) ? 2 : 1;
    for (int c = 0; c < n_contacts; ++c) {
      contact k;
      int rel = 0;
      if (no_children) {
        constexpr std::array<int, 3> w = {45, 40, 15};  // relative, neighbor, other
        rel = 4 + static_cast<int>(r.weighted(w));
      } else {
        // son daughter spouse grandchild relative neighbor. Someone living alone has no
        // spouse at home to call; an empty nest usually does.
        const int spouse = alone ? 0 : empty_nest ? 10 : 4;
        const int grandchild = age >= 75 ? 10 : 4;
        const std::array<int, 6> w = {42, 34, spouse, grandchild, 4, alone ? 6 : 2};
        rel = static_cast<int>(r.weighted(w));
      }
      constexpr std::array<sv, 7> relations = {"son",      "daughter", "spouse", "grandchild",
                                               "relative", "neighbor", "other"};
      k.relation = std::string(relations[static_cast<std::size_t>(rel)]);
      switch (rel) {
        case 0:
          k.name = family + std::string(r.pick(k_son_names));
          break;
        case 1:
          k.name = family + std::string(r.pick(k_daughter_names));
          break;
        case 2:
          k.name = e.sex == 'M' ? std::string(k_surnames[pick_surname(r)]) +
                                      std::string(given_for(r, k_female_names, birth_year + 2))
                                : family + std::string(given_for(r, k_male_names, birth_year - 2));
          break;
        case 3:
          k.name = family + std::string(r.pick(k_grandchild_names));
          break;
        default:
          k.name = std::string(k_surnames[pick_surname(r)]) +
                   std::string(r.pick(r.per_mille(500) ? k_son_names : k_daughter_names));
      }
      k.phone = unique_phone(phones, [&] { return mobile(r); });
      e.contacts.push_back(std::move(k));
    }

    // Notes for about a quarter, matching the situation where there is one to tell.
    if (alone && age >= 80) {
      e.notes = "高龄独居，需每周探访";
    } else if (std::find(e.categories.begin(), e.categories.end(), "left_behind") !=
               e.categories.end()) {
      e.notes = "子女在外地务工";
    } else if (r.per_mille(220)) {
      e.notes = std::string(r.pick(k_health_notes));
    }

    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace ec::registry::demo
