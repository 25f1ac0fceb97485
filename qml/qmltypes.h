#pragma once

#include "console/console.h"
#include "console/controlclient.h"
#include "console/controllistmodel.h"
#include "console/gatewaylink.h"
#include "console/greenwaveclient.h"
#include "console/intersectionlistmodel.h"
#include "console/intersectionsearchmodel.h"
#include "console/movementmodel.h"
#include "console/phasemodel.h"
#include "console/selectedcontrol.h"
#include "console/selectedintersection.h"
#include "console/selectedwave.h"
#include "console/statestore.h"
#include "console/wavelistmodel.h"
#include "console/wavepassagemodel.h"
#include "console/waveplacemodel.h"
#include "console/waveplanner.h"

#include <QtQml/qqml.h>

class QJSEngine;
class QQmlEngine;

namespace greenlight::qmltypes {

// The application object, as the QML singleton `Console`. The composition root creates the
// Console, hands it over with setConsole() before loading QML, and keeps it alive longer than
// the engine; QML never owns it.
struct ConsoleSingleton {
    Q_GADGET
    QML_FOREIGN(greenlight::console::Console)
    QML_NAMED_ELEMENT(Console)
    QML_SINGLETON

public:
    static greenlight::console::Console *create(QQmlEngine *qmlEngine, QJSEngine *jsEngine);
    static void setConsole(greenlight::console::Console *console);

private:
    static inline greenlight::console::Console *s_console = nullptr;
};

// The types reachable from Console, so QML knows their properties and enums (GatewayLink.Connected).
struct GatewayLinkForeign {
    Q_GADGET
    QML_FOREIGN(greenlight::console::GatewayLink)
    QML_NAMED_ELEMENT(GatewayLink)
    QML_UNCREATABLE("GatewayLink is owned by the application; use Console.link.")
};

struct StateStoreForeign {
    Q_GADGET
    QML_FOREIGN(greenlight::console::StateStore)
    QML_NAMED_ELEMENT(StateStore)
    QML_UNCREATABLE("StateStore is owned by the application; use Console.store.")
};

struct SelectedIntersectionForeign {
    Q_GADGET
    QML_FOREIGN(greenlight::console::SelectedIntersection)
    QML_NAMED_ELEMENT(SelectedIntersection)
    QML_UNCREATABLE("SelectedIntersection is owned by the application; use Console.selection.")
};

struct IntersectionListModelForeign {
    Q_GADGET
    QML_FOREIGN(greenlight::console::IntersectionListModel)
    QML_NAMED_ELEMENT(IntersectionListModel)
    QML_UNCREATABLE("Use Console.intersections.")
};

struct IntersectionSearchModelForeign {
    Q_GADGET
    QML_FOREIGN(greenlight::console::IntersectionSearchModel)
    QML_NAMED_ELEMENT(IntersectionSearchModel)
    QML_UNCREATABLE("Use Console.search.")
};

struct MovementModelForeign {
    Q_GADGET
    QML_FOREIGN(greenlight::console::MovementModel)
    QML_NAMED_ELEMENT(MovementModel)
    QML_UNCREATABLE("Use Console.selection.movements.")
};

struct ControlClientForeign {
    Q_GADGET
    QML_FOREIGN(greenlight::console::ControlClient)
    QML_NAMED_ELEMENT(ControlClient)
    QML_UNCREATABLE("ControlClient is owned by the application; use Console.control.")
};

struct SelectedControlForeign {
    Q_GADGET
    QML_FOREIGN(greenlight::console::SelectedControl)
    QML_NAMED_ELEMENT(SelectedControl)
    QML_UNCREATABLE("Use Console.selectedControl.")
};

struct ControlListModelForeign {
    Q_GADGET
    QML_FOREIGN(greenlight::console::ControlListModel)
    QML_NAMED_ELEMENT(ControlListModel)
    QML_UNCREATABLE("Use Console.controls.")
};

struct PhaseModelForeign {
    Q_GADGET
    QML_FOREIGN(greenlight::console::PhaseModel)
    QML_NAMED_ELEMENT(PhaseModel)
    QML_UNCREATABLE("Use Console.selection.phases.")
};

struct GreenWaveClientForeign {
    Q_GADGET
    QML_FOREIGN(greenlight::console::GreenWaveClient)
    QML_NAMED_ELEMENT(GreenWaveClient)
    QML_UNCREATABLE("GreenWaveClient is owned by the application; use Console.greenWave.")
};

struct WavePlannerForeign {
    Q_GADGET
    QML_FOREIGN(greenlight::console::WavePlanner)
    QML_NAMED_ELEMENT(WavePlanner)
    QML_UNCREATABLE("Use Console.wavePlanner.")
};

struct SelectedWaveForeign {
    Q_GADGET
    QML_FOREIGN(greenlight::console::SelectedWave)
    QML_NAMED_ELEMENT(SelectedWave)
    QML_UNCREATABLE("Use Console.selectedWave.")
};

struct WaveListModelForeign {
    Q_GADGET
    QML_FOREIGN(greenlight::console::WaveListModel)
    QML_NAMED_ELEMENT(WaveListModel)
    QML_UNCREATABLE("Use Console.waves.")
};

struct WavePassageModelForeign {
    Q_GADGET
    QML_FOREIGN(greenlight::console::WavePassageModel)
    QML_NAMED_ELEMENT(WavePassageModel)
    QML_UNCREATABLE("Use Console.wavePlanner.passages or Console.selectedWave.passages.")
};

struct WavePlaceModelForeign {
    Q_GADGET
    QML_FOREIGN(greenlight::console::WavePlaceModel)
    QML_NAMED_ELEMENT(WavePlaceModel)
    QML_UNCREATABLE("Use Console.waveOrigins or Console.waveDestinations.")
};

} // namespace greenlight::qmltypes
