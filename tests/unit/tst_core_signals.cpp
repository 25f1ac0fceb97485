#include "core/livestate.h"
#include "core/signalcolour.h"

#include <QTest>

using namespace greenlight::core;

class TestSignals : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void letterRoundTrip()
    {
        const std::string state = "GgyruoOsr";
        const auto colours = coloursFromState(state);
        QCOMPARE(colours.size(), state.size());
        QCOMPARE(colours[0], SignalColour::GreenProtected);
        QCOMPARE(colours[1], SignalColour::GreenPermissive);
        QCOMPARE(colours[2], SignalColour::Yellow);
        QCOMPARE(colours[3], SignalColour::Red);
        QCOMPARE(colours[4], SignalColour::RedAmber);
        QCOMPARE(colours[5], SignalColour::Flashing);
        QCOMPARE(colours[6], SignalColour::Off);
        QCOMPARE(colours[7], SignalColour::Stop);
        QCOMPARE(stateFromColours(colours), state);
        QCOMPARE(colourFromLetter('x'), SignalColour::Unknown);
        QCOMPARE(letterFromColour(SignalColour::Unknown), '?');
    }

    void classes()
    {
        QVERIFY(isGreen(SignalColour::GreenProtected));
        QVERIFY(isGreen(SignalColour::GreenPermissive));
        QVERIFY(!isGreen(SignalColour::Yellow));
        QVERIFY(isGo(SignalColour::Yellow));
        QVERIFY(!isGo(SignalColour::Red));
        QVERIFY(!isGo(SignalColour::RedAmber));
        QCOMPARE(QString(colourName(SignalColour::GreenProtected)), QStringLiteral("green"));
    }

    void summary_data()
    {
        QTest::addColumn<QString>("state");
        QTest::addColumn<char>("expected");
        QTest::newRow("any green wins") << "rrGr" << 'G';
        QTest::newRow("protected over permissive") << "gG" << 'G';
        QTest::newRow("yellow over red") << "ryr" << 'y';
        QTest::newRow("red-amber over red") << "ur" << 'u';
        QTest::newRow("all red") << "rrr" << 'r';
        QTest::newRow("flash") << "oo" << 'o';
        QTest::newRow("empty") << "" << '?';
    }
    void summary()
    {
        QFETCH(QString, state);
        QFETCH(char, expected);
        const auto colours = coloursFromState(state.toStdString());
        QCOMPARE(letterFromColour(summariseColours(colours.data(), colours.data() + colours.size())), expected);
    }

    void congestion_data()
    {
        QTest::addColumn<double>("speed");
        QTest::addColumn<double>("limit");
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("expected");
        QTest::newRow("empty road") << 0.0 << 13.9 << 0 << int(CongestionLevel::Free);
        QTest::newRow("flowing") << 12.0 << 13.9 << 5 << int(CongestionLevel::Free);
        QTest::newRow("light") << 8.0 << 13.9 << 5 << int(CongestionLevel::Light);
        QTest::newRow("heavy") << 4.0 << 13.9 << 9 << int(CongestionLevel::Heavy);
        QTest::newRow("jammed") << 1.0 << 13.9 << 20 << int(CongestionLevel::Jammed);
        QTest::newRow("stopped") << 0.0 << 13.9 << 20 << int(CongestionLevel::Jammed);
    }
    void congestion()
    {
        QFETCH(double, speed);
        QFETCH(double, limit);
        QFETCH(int, count);
        QFETCH(int, expected);
        QCOMPARE(int(classifyCongestion(speed, limit, count)), expected);
    }
};

QTEST_GUILESS_MAIN(TestSignals)
#include "tst_core_signals.moc"
