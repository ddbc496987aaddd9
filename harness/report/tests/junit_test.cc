#include "harness/report/junit.h"

#include <gtest/gtest.h>

#include "harness/report/tests/report_fixture.h"

namespace lh::report {
namespace {

using Status = scenario::ScenarioResult::Status;
using testing::result;

TEST(JUnit, EscapesNamesAndReasonsInAttributesAndText) {
  auto xml = junit_xml({result("a<b>&\"c'", Status::Failed, {}, {"want x < y & \"z\"\x01"})});
  EXPECT_NE(xml.find("name=\"a&lt;b&gt;&amp;&quot;c&#39;\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("message=\"want x &lt; y &amp; &quot;z&quot;?\""), std::string::npos) << xml;
  EXPECT_NE(xml.find(">want x &lt; y &amp; &quot;z&quot;?\n</failure>"), std::string::npos) << xml;
  EXPECT_EQ(xml.find("a<b"), std::string::npos);
  EXPECT_EQ(xml.find('\x01'), std::string::npos);
}

TEST(JUnit, CountsFailuresApartFromErrors) {
  auto xml = junit_xml({result("ok", Status::Passed), result("bad", Status::Failed, {}, {"r"}),
                        result("broken", Status::Invalid, {}, {"cannot load"}),
                        result("bug", Status::Fault)});
  EXPECT_NE(
      xml.find("<testsuites name=\"lunatic-harness\" tests=\"4\" failures=\"1\" errors=\"2\">"),
      std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<error message=\"cannot load\">"), std::string::npos);
  EXPECT_NE(xml.find("<error message=\"error\">"), std::string::npos);
}

}  // namespace
}  // namespace lh::report
