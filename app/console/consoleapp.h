#pragma once

#include "console/console.h"
#include "console/controlclient.h"
#include "console/controllistmodel.h"
#include "console/gatewaylink.h"
#include "console/greenwaveclient.h"
#include "console/intersectionlistmodel.h"
#include "console/intersectionsearchmodel.h"
#include "console/selectedcontrol.h"
#include "console/selectedintersection.h"
#include "console/selectedwave.h"
#include "console/statestore.h"
#include "console/wavelistmodel.h"
#include "console/waveplacemodel.h"
#include "console/waveplanner.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

class QCoreApplication;
class QQmlApplicationEngine;
class QQuickWindow;

namespace greenlight::app {

class StartupCheck;

// The console's command line.
struct ConsoleOptions {
    QString gateway = QStringLiteral("127.0.0.1:50051");  // HOST:PORT of the gateway
    bool selfTest = false;         // connect, render the city, report and exit
    QString screenshot;            // save a PNG of the window once the city is rendered, then exit
    double screenshotAfter = -1;   // or after this many seconds, whatever is on screen
    double timeoutSeconds = 60;    // how long --self-test and --screenshot may take
    QString select;                // id or name of an intersection to select once the city is in
    QString operatorName;          // who logs in (--operator); empty: ask, unless the gateway runs in demo mode
    QString token;                 // their token, read from --token-file
    bool waves = false;            // open the green wave coordinator at start (--waves)

    // Parses the application's arguments; prints help, version or the error and returns nothing
    // when the program should end (exitCode says how).
    static std::optional<ConsoleOptions> parse(QCoreApplication &app, int *exitCode);
};

// The composition root: creates the console's services, wires them, hands them to QML and shows
// the main window. Owns everything it creates; the QML engine is destroyed first.
class ConsoleApp : public QObject
{
    Q_OBJECT

public:
    explicit ConsoleApp(const ConsoleOptions &options, QObject *parent = nullptr);
    ~ConsoleApp() override;

    // Loads the QML and connects to the gateway. False (with the reason printed) when the
    // window could not be created.
    bool start();

private:
    void selectRequested();

    ConsoleOptions m_options;
    console::StateStore m_store;
    console::GatewayLink m_link;
    console::IntersectionListModel m_intersections;
    console::IntersectionSearchModel m_search;
    console::SelectedIntersection m_selection;
    console::ControlClient m_control;
    console::SelectedControl m_selectedControl;
    console::ControlListModel m_controls;
    console::GreenWaveClient m_greenWave;
    console::WavePlanner m_wavePlanner;
    console::SelectedWave m_selectedWave;
    console::WaveListModel m_waves;
    console::WavePlaceModel m_waveOrigins;
    console::WavePlaceModel m_waveDestinations;
    console::Console m_console;
    // Declared last: destroyed first, while everything QML refers to still exists.
    std::unique_ptr<QQmlApplicationEngine> m_engine;
    std::unique_ptr<StartupCheck> m_check;
    QQuickWindow *m_window = nullptr;
    QStringList m_qmlWarnings;
};

} // namespace greenlight::app
