import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Greenlight

// The coordinator's view of emergency green waves, in place of the intersection panel: plan and
// dispatch a wave, then follow it in the cockpit; the waves of this gateway run below. Tells the
// map what to draw (the route, the intersections' states, the vehicle) and when a click picks
// the destination.
Rectangle {
    id: coordinator

    readonly property GreenWaveClient client: Console.greenWave
    readonly property WavePlanner planner: Console.wavePlanner
    readonly property SelectedWave wave: Console.selectedWave
    // The cockpit shows the followed wave; otherwise the planner shows.
    property bool following: false

    // What the map draws while this view is open.
    readonly property var routeSegments: following ? wave.routeSegments : planner.routeSegments
    readonly property var routeMarkers: following ? wave.routeMarkers : planner.routeMarkers
    readonly property var routeVehicle: following ? wave.vehiclePosition : []
    readonly property bool pickingPoint: !following && planCard.pickingDestination

    signal closeRequested()
    signal abortRequested()
    // The route changed shape: the map may bring it into view.
    signal routeReady()
    signal intersectionChosen(int index)

    // A click on the map while picking.
    function pointPicked(lat: real, lon: real) {
        planCard.pickingDestination = false
        planner.setDestinationPoint(lat, lon)
    }

    // The wave whose route has been brought into view once.
    property string fittedWave

    // Follows a wave in the cockpit.
    function follow(waveId: string) {
        wave.waveId = waveId
        following = waveId.length > 0
        fittedWave = ""
        fitWave()
    }

    // Brings the followed wave's route into view once it is known.
    function fitWave() {
        if (!following || fittedWave === wave.waveId || wave.routeSegments.length === 0)
            return
        fittedWave = wave.waveId
        routeReady()
    }

    // Back to planning a new wave.
    function planNew() {
        following = false
        planner.clear()
    }

    color: Theme.panel

    // Opened with a wave running and nothing being planned: the cockpit follows the newest one.
    function followRunning() {
        if (!visible || following || planner.hasOrigin || Console.waves.runningCount === 0)
            return
        follow(Console.waves.data(Console.waves.index(0, 0), WaveListModel.WaveIdRole))
    }
    onVisibleChanged: followRunning()
    Connections {
        target: Console.waves
        function onCountChanged() { coordinator.followRunning() }
    }

    Connections {
        target: coordinator.wave
        function onRouteChanged() { coordinator.fitWave() }
    }

    Connections {
        target: coordinator.planner
        function onDispatched(waveId: string) { coordinator.follow(waveId) }
        function onPlanChanged() {
            if (coordinator.planner.hasPlan)
                coordinator.routeReady()
        }
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.margin
        spacing: Theme.spacing

        RowLayout {
            Layout.fillWidth: true
            Label {
                Layout.fillWidth: true
                text: qsTr("GREEN WAVES")
                color: Theme.waveRoute
                font.pixelSize: Theme.fontLarge
                font.bold: true
                font.letterSpacing: 1
            }
            Button {
                text: qsTr("Close  W")
                focusPolicy: Qt.NoFocus
                font.pixelSize: Theme.fontSmall
                onClicked: coordinator.closeRequested()
            }
        }
        Label {
            objectName: "waveWatchText"
            Layout.fillWidth: true
            visible: coordinator.client.watchState !== GreenWaveClient.WatchOpen
            text: coordinator.client.watchText
            color: coordinator.client.watchState === GreenWaveClient.WatchOpening ? Theme.textMuted : Theme.linkReconnecting
            font.bold: true
            wrapMode: Text.Wrap
        }

        RowLayout {
            Layout.fillWidth: true
            visible: coordinator.following
            Button {
                objectName: "waveNew"
                text: qsTr("+ New wave")
                focusPolicy: Qt.NoFocus
                onClicked: coordinator.planNew()
            }
            Item { Layout.fillWidth: true }
            Button {
                text: qsTr("Show route")
                focusPolicy: Qt.NoFocus
                onClicked: coordinator.routeReady()
            }
        }

        WavePlanCard {
            id: planCard
            objectName: "wavePlanCard"
            Layout.fillWidth: true
            visible: !coordinator.following
            onIntersectionChosen: index => coordinator.intersectionChosen(index)
        }
        WaveCockpit {
            objectName: "waveCockpit"
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredHeight: 480
            visible: coordinator.following && coordinator.wave.valid
            onAbortRequested: coordinator.abortRequested()
            onIntersectionChosen: index => coordinator.intersectionChosen(index)
        }

        Label {
            Layout.topMargin: Theme.spacing
            text: qsTr("WAVES · %1 running").arg(Console.waves.runningCount)
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            font.letterSpacing: 1
        }
        WaveHistory {
            objectName: "waveHistory"
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.minimumHeight: 80
            currentWaveId: coordinator.following ? coordinator.wave.waveId : ""
            onChosen: waveId => coordinator.follow(waveId)
        }
        Label {
            Layout.fillWidth: true
            visible: Console.waves.count === 0
            text: qsTr("No wave dispatched in this gateway run yet.")
            color: Theme.textMuted
            wrapMode: Text.Wrap
        }
    }
}
