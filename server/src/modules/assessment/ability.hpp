// The national ability assessment, GB/T 42195-2022 《老年人能力评估规范》 (Assessment
// specifications for older adults): its 26 items in 4 groups (90 points), the grade bands, and
// the grade adjustments of its Appendix C (C.4 能力等级变更依据).
//
// The catalogue (items(), groups(), grades()) is data and lives in ability.cpp only; the form,
// the print layout and the error labels read it from there. evaluate() is the one pure function
// that turns a completed form into scores and grades. docs/ASSESSMENT.md describes both and
// names the sources of the wording.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace ec::assessment {

// The four first-level indicators (一级指标), in the standard's order (B.1 … B.4).
enum class group : std::uint8_t { self_care, motor, mental, perception };
inline constexpr int group_count = 4;

struct group_def {
  group id;
  std::string_view code;  // "self_care": the key in JSON
  std::string_view ref;   // "B.1": the standard's table
  std::string_view name_zh;
  std::string_view name_en;
  int max_score;
};

// One answer option: its score and the standard's wording.
struct option_def {
  int score;
  std::string_view text_zh;
};

// One second-level indicator (二级指标).
struct item_def {
  std::string_view code;  // stable key in JSON and in error fields: "eating"
  std::string_view ref;   // the standard's number: "B.1.1"
  group grp;
  std::string_view name_zh;             // "进食"
  std::string_view name_en;             // "Eating"
  std::string_view definition_zh;       // "使用适当的器具将食物送入口中并咽下"
  std::string_view note_zh;             // the standard's 注, if any
  std::span<const option_def> options;  // as printed: highest score first
  int max_score() const { return options.front().score; }
  bool allows(int score) const;
};

// Ability grades (能力等级), best first; the numeric value is the standard's grade number 0–4.
enum class grade : std::uint8_t { intact = 0, mild = 1, moderate = 2, severe = 3, complete = 4 };
inline constexpr int grade_count = 5;

struct grade_def {
  grade id;
  std::string_view code;  // "mild"
  int min_total;          // inclusive band of the total score
  int max_total;
  std::string_view name_zh;   // the standard's full name: "能力轻度受损（轻度失能）"
  std::string_view short_zh;  // the usual short name: "轻度失能"
  std::string_view name_en;
};

// Care-risk events of the last 30 days (A.2.14 近30天内照护风险事件), in the form's order.
enum class risk_event : std::uint8_t { fall, wandering, choking, self_harm, other };
inline constexpr int risk_event_count = 5;
// The form records each as 无 / 发生过1次 / 发生过2次 / 发生过3次及以上: 0–3, 3 meaning three or
// more.
inline constexpr int risk_event_max_count = 3;

struct risk_event_def {
  risk_event id;
  std::string_view code;  // "fall": the key in JSON and in error fields
  std::string_view name_zh;
  std::string_view name_en;
};

// A coded choice of the form's Appendix A (reason for assessing, informant's relation).
struct choice_def {
  std::string_view code;
  std::string_view name_zh;  // the form's wording
  std::string_view name_en;
};

std::span<const group_def> groups();
std::span<const item_def> items();    // 26, in the standard's order
std::span<const grade_def> grades();  // best first
std::span<const risk_event_def> risk_events();
// 评估原因 (A.1): 首次评估 / 常规评估 / 即时评估 / 因对评估结果有疑问进行的复评 / 其他.
std::span<const choice_def> reasons();
// 信息提供者与老年人的关系 (A.3): 本人 / 配偶 / 子女 / 其他亲属 / 雇佣照顾者 /
// 村（居）民委员会工作人员 / 其他.
std::span<const choice_def> informant_relations();
const item_def* find_item(std::string_view code);
const group_def& group_of(group g);
const grade_def& grade_of(grade g);
const risk_event_def& risk_event_of(risk_event e);

// The maximum total: 90.
int max_total();

// The preliminary grade (C.3 老年人能力初步等级) of a total score 0–90, from the grade bands.
grade grade_for_total(int total);

// The three grade adjustments of C.4 (能力等级变更依据), each named once.
enum class adjustment : std::uint8_t {
  // Diagnosed dementia (F00–F03) or another mental and behavioural disorder diagnosed by a
  // psychiatrist (F04–F99): one grade worse.
  diagnosis,
  // Two or more care-risk events in the last 30 days: one grade worse.
  risk_events,
  // In a coma: graded 能力完全丧失（完全失能） directly (the coma rule; see ability.cpp).
  coma,
};
std::string_view adjustment_code(adjustment a);  // "diagnosis", "risk_events", "coma"

// What the assessors recorded; evaluate() checks it all.
struct input {
  // Every item's code → the score of the option chosen. All 26 are required.
  std::map<std::string, int, std::less<>> answers;
  bool dementia = false;               // A.4.1 diagnosis 痴呆 F00–F03
  bool other_mental_disorder = false;  // A.4.1 diagnosis 其他精神和行为障碍 F04–F99
  // Count of each care-risk event in the last 30 days, 0–3 (3: three or more), by risk_event.
  std::array<int, risk_event_count> risk_event_counts{};
  bool comatose = false;  // A.5.11 昏迷: 有
};

struct outcome {
  int total = 0;
  std::array<int, group_count> group_scores{};  // by group
  grade preliminary = grade::intact;            // from the total alone (C.3)
  grade final_grade = grade::intact;            // after the adjustments (C.5)
  std::vector<adjustment> applied;              // in the order of `adjustment`
};

// Scores and grades a completed assessment. Pure: no clock, no database.
// Failure (errc::invalid, all offending fields at once, in catalogue order):
// - assessment.answer_missing: an item not answered (field "answers.<code>");
// - assessment.answer_invalid: a score that is not one of the item's options ("answers.<code>");
// - assessment.answer_unknown: an answer for no item of the standard ("answers.<code>");
// - assessment.risk_count_range: a risk-event count outside 0–3 ("risk_events.<code>").
result<outcome> evaluate(const input& in);

}  // namespace ec::assessment
