#pragma once

#include <QObject>
#include <QString>

namespace greenlight::console {

class ControlClient;
class ControlListModel;
class GatewayLink;
class GreenWaveClient;
class SelectedWave;
class WaveListModel;
class WavePlaceModel;
class WavePlanner;
class IntersectionListModel;
class IntersectionSearchModel;
class SelectedControl;
class SelectedIntersection;
class StateStore;

// What the console's QML sees of the application: the services the composition root created
// (who is at the desk: `control`; green waves: `greenWave` and its models). Holds pointers only; the composition root owns everything and keeps it
// alive longer than the QML engine.
class Console : public QObject
{
    Q_OBJECT
    Q_MOC_INCLUDE("console/controlclient.h")
    Q_MOC_INCLUDE("console/controllistmodel.h")
    Q_MOC_INCLUDE("console/gatewaylink.h")
    Q_MOC_INCLUDE("console/selectedcontrol.h")
    Q_MOC_INCLUDE("console/intersectionlistmodel.h")
    Q_MOC_INCLUDE("console/intersectionsearchmodel.h")
    Q_MOC_INCLUDE("console/selectedintersection.h")
    Q_MOC_INCLUDE("console/statestore.h")
    Q_MOC_INCLUDE("console/greenwaveclient.h")
    Q_MOC_INCLUDE("console/selectedwave.h")
    Q_MOC_INCLUDE("console/wavelistmodel.h")
    Q_MOC_INCLUDE("console/waveplacemodel.h")
    Q_MOC_INCLUDE("console/waveplanner.h")
    Q_PROPERTY(greenlight::console::GatewayLink *link READ link CONSTANT)
    Q_PROPERTY(greenlight::console::StateStore *store READ store CONSTANT)
    Q_PROPERTY(greenlight::console::SelectedIntersection *selection READ selection CONSTANT)
    Q_PROPERTY(greenlight::console::IntersectionListModel *intersections READ intersections CONSTANT)
    Q_PROPERTY(greenlight::console::IntersectionSearchModel *search READ search CONSTANT)
    Q_PROPERTY(greenlight::console::ControlClient *control READ control CONSTANT)
    Q_PROPERTY(greenlight::console::SelectedControl *selectedControl READ selectedControl CONSTANT)
    Q_PROPERTY(greenlight::console::ControlListModel *controls READ controls CONSTANT)
    Q_PROPERTY(greenlight::console::GreenWaveClient *greenWave READ greenWave CONSTANT)
    Q_PROPERTY(greenlight::console::WavePlanner *wavePlanner READ wavePlanner CONSTANT)
    Q_PROPERTY(greenlight::console::SelectedWave *selectedWave READ selectedWave CONSTANT)
    Q_PROPERTY(greenlight::console::WaveListModel *waves READ waves CONSTANT)
    Q_PROPERTY(greenlight::console::WavePlaceModel *waveOrigins READ waveOrigins CONSTANT)
    Q_PROPERTY(greenlight::console::WavePlaceModel *waveDestinations READ waveDestinations CONSTANT)
    Q_PROPERTY(QString version READ version CONSTANT)

public:
    struct Services {
        GatewayLink *link = nullptr;
        StateStore *store = nullptr;
        SelectedIntersection *selection = nullptr;
        IntersectionListModel *intersections = nullptr;
        IntersectionSearchModel *search = nullptr;
        ControlClient *control = nullptr;
        SelectedControl *selectedControl = nullptr;
        ControlListModel *controls = nullptr;
        GreenWaveClient *greenWave = nullptr;
        WavePlanner *wavePlanner = nullptr;
        SelectedWave *selectedWave = nullptr;
        WaveListModel *waves = nullptr;
        WavePlaceModel *waveOrigins = nullptr;
        WavePlaceModel *waveDestinations = nullptr;
    };
    // What the console runs as.
    struct Info {
        QString version;
    };

    Console(const Services &services, const Info &info, QObject *parent = nullptr);

    GatewayLink *link() const { return m_services.link; }
    StateStore *store() const { return m_services.store; }
    SelectedIntersection *selection() const { return m_services.selection; }
    IntersectionListModel *intersections() const { return m_services.intersections; }
    IntersectionSearchModel *search() const { return m_services.search; }
    ControlClient *control() const { return m_services.control; }
    SelectedControl *selectedControl() const { return m_services.selectedControl; }
    ControlListModel *controls() const { return m_services.controls; }
    GreenWaveClient *greenWave() const { return m_services.greenWave; }
    WavePlanner *wavePlanner() const { return m_services.wavePlanner; }
    SelectedWave *selectedWave() const { return m_services.selectedWave; }
    WaveListModel *waves() const { return m_services.waves; }
    WavePlaceModel *waveOrigins() const { return m_services.waveOrigins; }
    WavePlaceModel *waveDestinations() const { return m_services.waveDestinations; }
    QString version() const { return m_info.version; }

private:
    Services m_services;
    Info m_info;
};

} // namespace greenlight::console
