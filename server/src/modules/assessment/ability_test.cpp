// GB/T 42195-2022 ability assessment: the catalogue and evaluate().
//
// References used below (docs/ASSESSMENT.md names the sources of the text):
// - "the grade table": the standard's five grades and bands of the total score, applied in
//   Appendix C.3 (老年人能力初步等级): 能力完好 90; 能力轻度受损（轻度失能）66～89;
//   能力中度受损（中度失能）46～65; 能力重度受损（重度失能）30～45; 能力完全丧失（完全失能）0～29.
// - "C.4": Appendix C.4 能力等级变更依据 (coma; dementia F00～F03 or another mental and
//   behavioural disorder F04～F99; two or more care-risk events in 30 days).
// The standard gives no numbered worked examples with item scores that could be found; the
// worked examples below choose options by their printed wording, add them up, and apply the
// grade table and C.4 by hand in the comment; the test then checks evaluate() agrees.
#include "modules/assessment/ability.hpp"

#include <gtest/gtest.h>

#include <set>

namespace ec::assessment {
namespace {

// All 26 items answered with their best option (90 points).
input all_best() {
  input in;
  for (const auto& it : items()) in.answers[std::string(it.code)] = it.max_score();
  return in;
}

// A complete form whose scores add up to `total`: items lose points in catalogue order.
input with_total(int total) {
  input in = all_best();
  int to_remove = max_total() - total;
  for (const auto& it : items()) {
    int take = std::min(to_remove, it.max_score());
    in.answers[std::string(it.code)] = it.max_score() - take;
    to_remove -= take;
  }
  return in;
}

outcome eval_ok(const input& in) {
  auto r = evaluate(in);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.err().code + " " + r.err().field);
  return r.ok() ? *r : outcome{};
}

// --- the catalogue ---------------------------------------------------------------------------

TEST(AssessmentCatalogue, TwentySixItemsInFourGroupsNinetyPoints) {
  ASSERT_EQ(items().size(), 26u);
  ASSERT_EQ(groups().size(), 4u);
  EXPECT_EQ(max_total(), 90);
  std::array<int, group_count> count{}, max{};
  for (const auto& it : items()) {
    ++count[static_cast<int>(it.grp)];
    max[static_cast<int>(it.grp)] += it.max_score();
  }
  // B.1: 8 items, 32; B.2: 4, 15; B.3: 9, 28; B.4: 5, 15 (STANDARDS.md).
  EXPECT_EQ(count, (std::array<int, 4>{8, 4, 9, 5}));
  EXPECT_EQ(max, (std::array<int, 4>{32, 15, 28, 15}));
  for (const auto& g : groups()) EXPECT_EQ(g.max_score, max[static_cast<int>(g.id)]) << g.code;
}

TEST(AssessmentCatalogue, EachItemsMaximumIsTheStandards) {
  const std::map<std::string_view, int> expected = {
      {"eating", 4},
      {"grooming", 4},
      {"bathing", 4},
      {"dressing_upper", 4},
      {"dressing_lower", 4},
      {"urine_control", 4},
      {"bowel_control", 4},
      {"toileting", 4},
      {"bed_mobility", 4},
      {"bed_chair_transfer", 4},
      {"walking", 4},
      {"stairs", 3},
      {"time_orientation", 4},
      {"place_orientation", 4},
      {"person_orientation", 4},
      {"memory", 4},
      {"comprehension", 4},
      {"expression", 4},
      {"aggression", 1},
      {"depression", 1},
      {"consciousness", 2},
      {"vision", 2},
      {"hearing", 2},
      {"daily_affairs", 4},
      {"transport", 3},
      {"social_interaction", 4},
  };
  ASSERT_EQ(expected.size(), items().size());
  for (const auto& it : items()) {
    auto e = expected.find(it.code);
    ASSERT_NE(e, expected.end()) << it.code;
    EXPECT_EQ(it.max_score(), e->second) << it.code;
  }
}

TEST(AssessmentCatalogue, CodesAndNumbersAreUniqueAndInOrder) {
  std::set<std::string_view> codes, refs;
  int prev_group = 0, n_in_group = 0;
  for (const auto& it : items()) {
    EXPECT_TRUE(codes.insert(it.code).second) << it.code;
    EXPECT_TRUE(refs.insert(it.ref).second) << it.ref;
    int g = static_cast<int>(it.grp);
    ASSERT_GE(g, prev_group) << it.code << ": groups out of order";
    n_in_group = g == prev_group ? n_in_group + 1 : 1;
    prev_group = g;
    // "B.<group>.<n>" numbered in order within the group.
    EXPECT_EQ(it.ref, "B." + std::to_string(g + 1) + "." + std::to_string(n_in_group));
    EXPECT_EQ(find_item(it.code), &it);
    EXPECT_FALSE(it.name_zh.empty() || it.name_en.empty()) << it.code;
  }
  EXPECT_EQ(find_item("nope"), nullptr);
}

TEST(AssessmentCatalogue, OptionsRunFromTheMaximumDownToZeroOneStepAtATime) {
  for (const auto& it : items()) {
    ASSERT_EQ(it.options.size(), static_cast<size_t>(it.max_score() + 1)) << it.code;
    std::set<std::string_view> texts;
    for (size_t i = 0; i < it.options.size(); ++i) {
      EXPECT_EQ(it.options[i].score, it.max_score() - static_cast<int>(i)) << it.code;
      EXPECT_FALSE(it.options[i].text_zh.empty()) << it.code;
      EXPECT_TRUE(texts.insert(it.options[i].text_zh).second) << it.code << " repeats an option";
    }
    EXPECT_TRUE(it.allows(0));
    EXPECT_FALSE(it.allows(-1));
    EXPECT_FALSE(it.allows(it.max_score() + 1));
  }
}

TEST(AssessmentCatalogue, WordingOfSampleOptionsIsTheStandards) {
  // B.1.1 进食, B.2.4 上下楼梯, B.3.7 攻击行为, B.4.4 使用交通工具外出 (Appendix B).
  EXPECT_EQ(find_item("eating")->options[0].text_zh, "独立使用器具将食物送进口中并咽下，没有呛咳");
  EXPECT_EQ(find_item("eating")->options[4].text_zh,
            "完全依赖他人协助进食，或吞咽困难，或留置营养管");
  EXPECT_EQ(find_item("stairs")->options[0].text_zh,
            "可独立上下楼梯（连续上下10个～15个台阶），不需要协助");
  EXPECT_EQ(find_item("aggression")->options[1].text_zh, "近一个月内出现过攻击行为");
  EXPECT_EQ(find_item("transport")->options[0].text_zh, "能自己骑车或搭乘公共交通工具外出");
  EXPECT_EQ(find_item("grooming")->options[2].text_zh, "需要他人协助，但以自身完成为主");
}

TEST(AssessmentCatalogue, GradeBandsCoverZeroToNinetyOnceEach) {
  ASSERT_EQ(grades().size(), 5u);
  EXPECT_EQ(grade_of(grade::intact).name_zh, "能力完好");
  EXPECT_EQ(grade_of(grade::mild).name_zh, "能力轻度受损（轻度失能）");
  EXPECT_EQ(grade_of(grade::moderate).name_zh, "能力中度受损（中度失能）");
  EXPECT_EQ(grade_of(grade::severe).name_zh, "能力重度受损（重度失能）");
  EXPECT_EQ(grade_of(grade::complete).name_zh, "能力完全丧失（完全失能）");
  EXPECT_EQ(grade_of(grade::complete).short_zh, "完全失能");
  for (int t = 0; t <= 90; ++t) {
    int bands = 0;
    for (const auto& g : grades())
      if (t >= g.min_total && t <= g.max_total) ++bands;
    EXPECT_EQ(bands, 1) << t;
  }
}

TEST(AssessmentCatalogue, ReasonsAndInformantRelationsOfAppendixA) {
  std::vector<std::string_view> reasons_zh, relations_zh;
  for (const auto& r : reasons()) reasons_zh.push_back(r.name_zh);
  for (const auto& r : informant_relations()) relations_zh.push_back(r.name_zh);
  // The reasons 首次, 常规, 即时, 复评, 其他, in the form's wording.
  EXPECT_EQ(reasons_zh, (std::vector<std::string_view>{"首次评估", "常规评估", "即时评估",
                                                       "因对评估结果有疑问进行的复评", "其他"}));
  EXPECT_EQ(relations_zh,
            (std::vector<std::string_view>{"本人", "配偶", "子女", "其他亲属", "雇佣照顾者",
                                           "村（居）民委员会工作人员", "其他"}));
  std::set<std::string_view> codes;
  for (const auto& r : reasons()) EXPECT_TRUE(codes.insert(r.code).second) << r.code;
  codes.clear();
  for (const auto& r : informant_relations()) EXPECT_TRUE(codes.insert(r.code).second) << r.code;
}

// --- band edges (the grade table) ------------------------------------------------------------

TEST(AssessmentGrade, EveryBandEdge) {
  const std::pair<int, grade> edges[] = {
      {90, grade::intact},   {89, grade::mild},     {66, grade::mild},
      {65, grade::moderate}, {46, grade::moderate}, {45, grade::severe},
      {30, grade::severe},   {29, grade::complete}, {0, grade::complete},
  };
  for (auto [total, expected] : edges) {
    auto o = eval_ok(with_total(total));
    EXPECT_EQ(o.total, total);
    EXPECT_EQ(o.preliminary, expected) << total;
    EXPECT_EQ(o.final_grade, expected) << total << ": no adjustment applies";
    EXPECT_TRUE(o.applied.empty()) << total;
    EXPECT_EQ(grade_for_total(total), expected) << total;
  }
}

TEST(AssessmentGrade, GroupScoresAddUpToTheTotal) {
  auto o = eval_ok(with_total(50));
  // with_total takes points in catalogue order: B.1 loses all 32, B.2 loses 8 of 15.
  EXPECT_EQ(o.group_scores, (std::array<int, 4>{0, 7, 28, 15}));
  EXPECT_EQ(o.total, 50);
}

// --- adjustments (C.4) -----------------------------------------------------------------------

TEST(AssessmentAdjust, DementiaLowersOneGrade) {
  auto in = with_total(80);
  in.dementia = true;
  auto o = eval_ok(in);
  EXPECT_EQ(o.preliminary, grade::mild);
  EXPECT_EQ(o.final_grade, grade::moderate);
  EXPECT_EQ(o.applied, std::vector<adjustment>{adjustment::diagnosis});
}

TEST(AssessmentAdjust, OtherMentalDisorderLowersOneGrade) {
  auto in = with_total(90);
  in.other_mental_disorder = true;
  auto o = eval_ok(in);
  EXPECT_EQ(o.preliminary, grade::intact);
  EXPECT_EQ(o.final_grade, grade::mild);
}

TEST(AssessmentAdjust, BothDiagnosesAreOneClauseAndOneStep) {
  auto in = with_total(50);
  in.dementia = true;
  in.other_mental_disorder = true;
  auto o = eval_ok(in);
  EXPECT_EQ(o.final_grade, grade::severe);
  EXPECT_EQ(o.applied.size(), 1u);
}

TEST(AssessmentAdjust, OneRiskEventChangesNothing) {
  auto in = with_total(70);
  in.risk_event_counts[static_cast<int>(risk_event::fall)] = 1;
  auto o = eval_ok(in);
  EXPECT_EQ(o.final_grade, grade::mild);
  EXPECT_TRUE(o.applied.empty());
}

TEST(AssessmentAdjust, TwoRiskEventsLowerOneGrade) {
  auto in = with_total(70);
  in.risk_event_counts[static_cast<int>(risk_event::fall)] = 2;
  auto o = eval_ok(in);
  EXPECT_EQ(o.final_grade, grade::moderate);
  EXPECT_EQ(o.applied, std::vector<adjustment>{adjustment::risk_events});
}

TEST(AssessmentAdjust, RiskEventsOfDifferentKindsCountTogether) {
  auto in = with_total(40);
  in.risk_event_counts[static_cast<int>(risk_event::wandering)] = 1;
  in.risk_event_counts[static_cast<int>(risk_event::choking)] = 1;
  EXPECT_EQ(eval_ok(in).final_grade, grade::complete);
  // Three or more is still one step.
  auto many = with_total(70);
  for (auto& n : many.risk_event_counts) n = 3;
  EXPECT_EQ(eval_ok(many).final_grade, grade::moderate);
}

TEST(AssessmentAdjust, DiagnosisAndRiskEventsTogetherLowerTwoGrades) {
  auto in = with_total(70);
  in.dementia = true;
  in.risk_event_counts[static_cast<int>(risk_event::self_harm)] = 1;
  in.risk_event_counts[static_cast<int>(risk_event::other)] = 1;
  auto o = eval_ok(in);
  EXPECT_EQ(o.preliminary, grade::mild);
  EXPECT_EQ(o.final_grade, grade::severe);
  EXPECT_EQ(o.applied, (std::vector<adjustment>{adjustment::diagnosis, adjustment::risk_events}));
}

TEST(AssessmentAdjust, NeverPastCompleteLoss) {
  auto in = with_total(35);  // 重度失能
  in.dementia = true;
  in.risk_event_counts[static_cast<int>(risk_event::fall)] = 2;
  EXPECT_EQ(eval_ok(in).final_grade, grade::complete);
  auto worst = with_total(10);  // 完全失能 already
  worst.other_mental_disorder = true;
  auto o = eval_ok(worst);
  EXPECT_EQ(o.final_grade, grade::complete);
  EXPECT_EQ(o.applied, std::vector<adjustment>{adjustment::diagnosis});
}

// The coma rule: C.4 "处于昏迷状态者，直接评定为能力完全丧失（完全失能）".
TEST(AssessmentAdjust, ComaRuleGradesCompleteLossWhateverTheScore) {
  auto in = with_total(90);
  in.comatose = true;
  in.dementia = true;  // moot: the coma rule decides alone
  auto o = eval_ok(in);
  EXPECT_EQ(o.preliminary, grade::intact);
  EXPECT_EQ(o.final_grade, grade::complete);
  EXPECT_EQ(o.applied, std::vector<adjustment>{adjustment::coma});
  EXPECT_EQ(adjustment_code(o.applied[0]), "coma");
}

TEST(AssessmentAdjust, ConsciousnessZeroAloneIsNotTheComaRule) {
  // B.3.9's 0-point option covers 昏睡 as well as 昏迷; the rule reads A.5.11 昏迷 only.
  auto in = with_total(90);
  in.answers["consciousness"] = 0;
  auto o = eval_ok(in);
  EXPECT_EQ(o.total, 88);
  EXPECT_EQ(o.final_grade, grade::mild);
  EXPECT_TRUE(o.applied.empty());
}

// --- validation ------------------------------------------------------------------------------

TEST(AssessmentValidate, AMissingItemIsNamed) {
  auto in = all_best();
  in.answers.erase("memory");
  auto r = evaluate(in);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().kind, errc::invalid);
  EXPECT_EQ(r.err().code, "assessment.answer_missing");
  EXPECT_EQ(r.err().field, "answers.memory");
  EXPECT_NE(r.err().message.find("B.3.4"), std::string::npos) << r.err().message;
}

TEST(AssessmentValidate, AScoreThatIsNotAnOptionIsNamed) {
  for (auto [code, bad] : {std::pair{"stairs", 4},
                           {"aggression", 2},
                           {"eating", -1},
                           {"consciousness", 3},
                           {"vision", 5}}) {
    auto in = all_best();
    in.answers[code] = bad;
    auto r = evaluate(in);
    ASSERT_FALSE(r.ok()) << code;
    EXPECT_EQ(r.err().code, "assessment.answer_invalid") << code;
    EXPECT_EQ(r.err().field, std::string("answers.") + code);
  }
}

TEST(AssessmentValidate, AnUnknownItemIsRefused) {
  auto in = all_best();
  in.answers["appetite"] = 1;
  auto r = evaluate(in);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, "assessment.answer_unknown");
  EXPECT_EQ(r.err().field, "answers.appetite");
}

TEST(AssessmentValidate, RiskEventCountsAreZeroToThree) {
  for (int bad : {-1, 4}) {
    auto in = all_best();
    in.risk_event_counts[static_cast<int>(risk_event::choking)] = bad;
    auto r = evaluate(in);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.err().code, "assessment.risk_count_range");
    EXPECT_EQ(r.err().field, "risk_events.choking");
  }
}

TEST(AssessmentValidate, EveryErrorIsReportedAtOnceInCatalogueOrder) {
  input empty;
  auto r = evaluate(empty);
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.err().details.size(), 26u);
  EXPECT_EQ(r.err().field, "answers.eating");
  EXPECT_EQ(r.err().details.back().field, "answers.social_interaction");

  auto in = all_best();
  in.answers.erase("bathing");
  in.answers["hearing"] = 7;
  in.answers["zzz"] = 0;
  in.risk_event_counts[0] = 9;
  auto r2 = evaluate(in);
  ASSERT_FALSE(r2.ok());
  ASSERT_EQ(r2.err().details.size(), 4u);
  EXPECT_EQ(r2.err().details[0].field, "answers.bathing");
  EXPECT_EQ(r2.err().details[1].field, "answers.hearing");
  EXPECT_EQ(r2.err().details[2].field, "answers.zzz");
  EXPECT_EQ(r2.err().details[3].field, "risk_events.fall");
}

// --- worked examples -------------------------------------------------------------------------

// Sets an item to the option with the given wording; fails the test if no option reads so.
void choose(input& in, std::string_view code, std::string_view text) {
  const auto* it = find_item(code);
  ASSERT_NE(it, nullptr) << code;
  for (const auto& o : it->options)
    if (o.text_zh == text) {
      in.answers[std::string(code)] = o.score;
      return;
    }
  ADD_FAILURE() << code << " has no option " << text;
}

// Example 1: an elder living alone who manages with some help.
// B.1: 4+4+3+4+3+3+4+4 = 29; B.2: 4+4+3+2 = 13; B.3: 4+4+4+3+4+4+1+1+2 = 27;
// B.4: 1+1+3+2+4 = 11; total 80 → the grade table: 66～89 → 能力轻度受损（轻度失能）; no C.4
// clause applies (one fall only), so the final grade is the same.
TEST(AssessmentExample, LivingAloneWithSomeHelpIsMild) {
  input in = all_best();
  choose(in, "bathing", "在他人指导或提示下完成");
  choose(in, "dressing_lower", "在他人指导或提示下完成");
  choose(in, "urine_control",
         "白天可自行控制排尿次数，夜间出现排尿次数增多、排尿控制较差，或自行使用尿布、尿垫等辅助"
         "用物");
  choose(in, "walking",
         "能平地步行50m左右，存在摔倒风险，需要他人监护或指导，或使用拐杖、助行器等辅助工具");
  choose(in, "stairs", "在他人指导或提示下完成");
  choose(in, "memory",
         "出现轻度的记忆紊乱或回忆不能（不能回忆即时信息，3个词语经过5分钟后仅能回忆0个～1个）");
  choose(in, "vision",
         "能看清楚大字体，但看不清书报上的标准字体；视力有限，看不清报纸大标题，但能辨认物体");
  choose(in, "hearing",
         "在轻声说话或说话距离超过2米时听不清；正常交流有些困难，需在安静的环境或大声说话才能"
         "听到");
  choose(in, "daily_affairs", "在计划、安排和完成日常事务时需要他人监护或指导");
  choose(in, "transport", "能自己搭乘出租车，但不会搭乘其他公共交通工具外出");
  in.risk_event_counts[static_cast<int>(risk_event::fall)] = 1;
  auto o = eval_ok(in);
  EXPECT_EQ(o.group_scores, (std::array<int, 4>{29, 13, 27, 11}));
  EXPECT_EQ(o.total, 80);
  EXPECT_EQ(o.preliminary, grade::mild);
  EXPECT_EQ(o.final_grade, grade::mild);
}

// Example 2: diagnosed dementia (F00～F03).
// B.1: 3+2+1+2+2+2+3+2 = 17; B.2: 3+3+3+1 = 10; B.3: 2+2+3+1+3+3+0+1+2 = 17;
// B.4: 2+1+1+1+2 = 7; total 51 → the grade table: 46～65 → 能力中度受损（中度失能）;
// C.4 (dementia) raises it one level → 能力重度受损（重度失能）.
TEST(AssessmentExample, DementiaModerateBecomesSevere) {
  input in;
  const std::pair<const char*, int> scores[] = {
      {"eating", 3},
      {"grooming", 2},
      {"bathing", 1},
      {"dressing_upper", 2},
      {"dressing_lower", 2},
      {"urine_control", 2},
      {"bowel_control", 3},
      {"toileting", 2},
      {"bed_mobility", 3},
      {"bed_chair_transfer", 3},
      {"walking", 3},
      {"stairs", 1},
      {"time_orientation", 2},
      {"place_orientation", 2},
      {"person_orientation", 3},
      {"memory", 1},
      {"comprehension", 3},
      {"expression", 3},
      {"aggression", 0},
      {"depression", 1},
      {"consciousness", 2},
      {"vision", 2},
      {"hearing", 1},
      {"daily_affairs", 1},
      {"transport", 1},
      {"social_interaction", 2},
  };
  for (auto [code, s] : scores) in.answers[code] = s;
  // The wording behind two of the scores, as the assessor saw it.
  EXPECT_EQ(find_item("aggression")->options[1 - in.answers["aggression"]].text_zh,
            "近一个月内出现过攻击行为");
  EXPECT_EQ(find_item("memory")->options[4 - in.answers["memory"]].text_zh,
            "出现重度的记忆紊乱或回忆不能（不能回忆远期记忆，不记得自己的老朋友）");
  in.dementia = true;
  auto o = eval_ok(in);
  EXPECT_EQ(o.group_scores, (std::array<int, 4>{17, 10, 17, 7}));
  EXPECT_EQ(o.total, 51);
  EXPECT_EQ(o.preliminary, grade::moderate);
  EXPECT_EQ(o.final_grade, grade::severe);
  EXPECT_EQ(o.applied, std::vector<adjustment>{adjustment::diagnosis});
}

// Example 3: bedridden and in a coma (A.5.11 昏迷: 有).
// Every item at its lowest option except 攻击行为 and 抑郁症状 ("未出现", 1 each): total 2 →
// the grade table: 0～29 → 能力完全丧失（完全失能）; C.4's coma clause grades 完全失能 directly.
TEST(AssessmentExample, ComatoseBedriddenIsCompleteLoss) {
  input in;
  for (const auto& it : items()) in.answers[std::string(it.code)] = 0;
  choose(in, "aggression", "未出现");
  choose(in, "depression", "未出现");
  in.comatose = true;
  auto o = eval_ok(in);
  EXPECT_EQ(o.total, 2);
  EXPECT_EQ(o.group_scores, (std::array<int, 4>{0, 0, 2, 0}));
  EXPECT_EQ(o.preliminary, grade::complete);
  EXPECT_EQ(o.final_grade, grade::complete);
  EXPECT_EQ(o.applied, std::vector<adjustment>{adjustment::coma});
}

// Example 4: two falls in the last 30 days (A.2.14: 跌倒 发生过2次) and nothing else.
// B.1: 2×8 = 16; B.2: 2+2+2+1 = 7; B.3: 2+4+4+2+4+4+1+1+2 = 24; B.4: 2+2+1+1+4 = 10;
// total 57 → the grade table: 46～65 → 能力中度受损（中度失能）; C.4 (two or more care-risk
// events in 30 days) raises it one level → 能力重度受损（重度失能）.
TEST(AssessmentExample, TwoFallsModerateBecomesSevere) {
  input in = all_best();
  for (const auto& it : items())
    if (it.grp == group::self_care) in.answers[std::string(it.code)] = 2;
  choose(in, "bed_mobility", "需要他人协助，但以自身完成为主");
  choose(in, "bed_chair_transfer", "需要他人协助，但以自身完成为主");
  choose(in, "walking", "在步行时需要他人少量扶持协助");
  choose(in, "stairs", "需要他人协助，但以自身完成为主");
  choose(in, "time_orientation", "时间观念较差，年、月、日不清楚，可知上半年或下半年或季节");
  choose(in, "memory", "出现中度的记忆紊乱或回忆不能（不能回忆近期记忆，不记得上一顿饭吃了什么）");
  choose(in, "daily_affairs", "在计划、安排和完成日常事务时需要大量协助");
  choose(in, "transport", "当有人协助或陪伴，可搭乘公共交通工具外出");
  in.risk_event_counts[static_cast<int>(risk_event::fall)] = 2;
  auto o = eval_ok(in);
  EXPECT_EQ(o.group_scores, (std::array<int, 4>{16, 7, 24, 10}));
  EXPECT_EQ(o.total, 57);
  EXPECT_EQ(o.preliminary, grade::moderate);
  EXPECT_EQ(o.final_grade, grade::severe);
  EXPECT_EQ(o.applied, std::vector<adjustment>{adjustment::risk_events});
}

}  // namespace
}  // namespace ec::assessment
