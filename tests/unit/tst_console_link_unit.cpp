// The link's reconnect backoff: exponential growth, a cap, and bounded jitter.

#include "console/backoff.h"

#include <QRandomGenerator>
#include <QTest>

using namespace greenlight::console;

class TestLinkUnit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void nominalDelaysDoubleUpToTheCap()
    {
        const BackoffPolicy policy;  // 0.5 s doubling to 10 s
        const double expected[] = {0.5, 1.0, 2.0, 4.0, 8.0, 10.0, 10.0};
        for (int attempt = 1; attempt <= 7; ++attempt)
            QCOMPARE(nominalBackoffSeconds(attempt, policy), expected[attempt - 1]);
        QCOMPARE(nominalBackoffSeconds(0, policy), 0.5);
        QCOMPARE(nominalBackoffSeconds(-3, policy), 0.5);
        QCOMPARE(nominalBackoffSeconds(1000000, policy), 10.0);  // no overflow on long outages
    }

    void jitterIsSymmetricAndBounded()
    {
        const BackoffPolicy policy;
        QCOMPARE(backoffDelaySeconds(3, 0.5, policy), 2.0);
        QCOMPARE(backoffDelaySeconds(3, 0.0, policy), 1.4);
        QCOMPARE(backoffDelaySeconds(3, 1.0, policy), 2.6);
        QCOMPARE(backoffDelaySeconds(3, 7.0, policy), 2.6);   // clamped
        QCOMPARE(backoffDelaySeconds(3, -1.0, policy), 1.4);  // clamped
        QCOMPARE(backoffDelaySeconds(3, qQNaN(), policy), 2.0);

        QRandomGenerator random(42);
        double lowest = 1e9, highest = 0;
        for (int i = 0; i < 10000; ++i) {
            const int attempt = 1 + i % 12;
            const double d = backoffDelaySeconds(attempt, random.generateDouble(), policy);
            const double nominal = nominalBackoffSeconds(attempt, policy);
            QVERIFY(d >= nominal * 0.7 - 1e-9);
            QVERIFY(d <= nominal * 1.3 + 1e-9);
            lowest = std::min(lowest, d);
            highest = std::max(highest, d);
        }
        QVERIFY(lowest < 0.5 * 0.75);  // the jitter really spreads
        QVERIFY(highest > 10.0 * 1.25);
    }

    void customPolicy()
    {
        BackoffPolicy quick;
        quick.initialSeconds = 0.1;
        quick.maxSeconds = 0.5;
        quick.jitter = 0;
        QCOMPARE(backoffDelaySeconds(1, 0.9, quick), 0.1);
        QCOMPARE(backoffDelaySeconds(3, 0.1, quick), 0.4);
        QCOMPARE(backoffDelaySeconds(4, 0.1, quick), 0.5);
        BackoffPolicy triple;
        triple.factor = 3;
        triple.jitter = 0;
        QCOMPARE(backoffDelaySeconds(3, 0.5, triple), 4.5);
    }
};

QTEST_GUILESS_MAIN(TestLinkUnit)
#include "tst_console_link_unit.moc"
