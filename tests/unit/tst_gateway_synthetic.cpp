#include "core/signalcolour.h"
#include "gateway/synthetic/syntheticcity.h"
#include "gateway/synthetic/syntheticfeed.h"

#include <QTest>

#include <set>

using namespace greenlight;
using namespace greenlight::gateway::synthetic;

class TestSynthetic : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cityHasRequestedSize_data()
    {
        QTest::addColumn<int>("n");
        QTest::newRow("1") << 1;
        QTest::newRow("7 (ragged last row)") << 7;
        QTest::newRow("100") << 100;
        QTest::newRow("2500") << 2500;
    }
    void cityHasRequestedSize()
    {
        QFETCH(int, n);
        const auto city = buildSyntheticCity({n, 3});
        QCOMPARE(int(city.intersections.size()), n);
        // About four directed segments per intersection on a full grid.
        if (n >= 100)
            QVERIFY2(city.segments.size() >= size_t(3.6 * n) && city.segments.size() <= size_t(4 * n),
                     qPrintable(QString::number(city.segments.size())));
        std::set<std::string> ids;
        for (const auto &s : city.segments) {
            QVERIFY(s.fromIntersection >= 0 && s.fromIntersection < n);
            QVERIFY(s.toIntersection >= 0 && s.toIntersection < n);
            QCOMPARE(s.shape.size(), size_t(2));
            QVERIFY(s.lengthM > 50 && s.lengthM < 300);
            QVERIFY(ids.insert(s.id).second);
        }
    }

    void programmesAreSafe()
    {
        const auto city = buildSyntheticCity({400, 11});
        for (const auto &ix : city.intersections) {
            QVERIFY(!ix.signalGroups.empty());
            QCOMPARE(ix.phases.size(), size_t(4));
            QCOMPARE(ix.foes.size(), ix.signalGroups.size());
            for (size_t a = 0; a < ix.foes.size(); ++a)
                for (int b : ix.foes[a]) {
                    const auto &back = ix.foes[size_t(b)];
                    QVERIFY2(std::find(back.begin(), back.end(), int(a)) != back.end(), "foes are symmetric");
                }
            for (const auto &p : ix.phases) {
                QCOMPARE(p.state.size(), ix.signalGroups.size());
                // Foes are never both protected-green; a permissive 'g' may share with its foe.
                for (size_t a = 0; a < p.state.size(); ++a)
                    for (int b : ix.foes[a])
                        QVERIFY2(!(p.state[a] == 'G' && p.state[size_t(b)] == 'G'), p.state.c_str());
                if (p.state.find('y') != std::string::npos)
                    QVERIFY(p.durationS >= 3.0);
            }
        }
    }

    void sameSeedSameCity()
    {
        const auto a = buildSyntheticCity({300, 5});
        const auto b = buildSyntheticCity({300, 5});
        const auto c = buildSyntheticCity({300, 6});
        QCOMPARE(a.intersections[17].position, b.intersections[17].position);
        QCOMPARE(a.intersections[17].phases[0].durationS, b.intersections[17].phases[0].durationS);
        QVERIFY(!(a.intersections[17].position == c.intersections[17].position));
    }

    // Every intersection changes colour every few seconds; every segment updates each second.
    void feedChangesAtRealisticRates()
    {
        auto city = std::make_shared<core::CityLayout>(buildSyntheticCity({1000, 9}));
        SyntheticFeed feed(city, {0, 0.5, 1.0, 9});
        const auto initial = feed.initialState();
        QCOMPARE(initial.signals.size(), size_t(1000));
        QCOMPARE(initial.segments.size(), city->segments.size());

        std::vector<int> changes(1000, 0);
        size_t segmentUpdates = 0;
        for (int tick = 0; tick < 2 * 80; ++tick) {  // 80 simulated seconds
            const auto batch = feed.advance();
            for (const auto &s : batch.signals) {
                ++changes[size_t(s.intersection)];
                QCOMPARE(s.colours.size(), city->intersections[size_t(s.intersection)].signalGroups.size());
                QVERIFY(s.nextChangeTimeS > batch.simTimeS);
            }
            segmentUpdates += batch.segments.size();
        }
        QCOMPARE(feed.simTime(), 80.0);
        // A four-phase cycle is at most 70 s, so in 80 s every intersection switches at least 4 times.
        QVERIFY(*std::min_element(changes.begin(), changes.end()) >= 4);
        QCOMPARE(segmentUpdates, 80 * city->segments.size());
    }
};

QTEST_GUILESS_MAIN(TestSynthetic)
#include "tst_gateway_synthetic.moc"
