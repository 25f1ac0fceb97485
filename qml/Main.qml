import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Greenlight
import Greenlight.Widgets

// The console's main window: the live city map, the selected intersection's panel on the right
// and the link's status bar at the bottom.
ApplicationWindow {
    id: window

    readonly property GatewayLink link: Console.link
    readonly property SelectedIntersection selection: Console.selection
    readonly property bool live: link.status === GatewayLink.Connected
    readonly property SelectedControl control: Console.selectedControl
    // No map or control shortcut while a dialog has the keyboard.
    readonly property bool dialogOpen: searchPopup.opened || reasonDialog.opened || flashDialog.opened
                                       || phaseChooser.opened || loginDialog.opened || waveAbortDialog.opened
    // The green wave coordinator replaces the intersection panel while it is open (W).
    property bool coordinatorOpen: false

    width: 1600
    height: 1000
    minimumWidth: 900
    minimumHeight: 600
    visible: true
    title: Console.store.hasLayout ? qsTr("Greenlight — %1").arg(Console.store.cityName) : qsTr("Greenlight")
    color: Theme.background
    font.pixelSize: Theme.fontNormal
    // Take the keyboard at start, so the shortcuts work without a click first.
    Component.onCompleted: requestActivate()

    palette {
        window: Theme.background
        windowText: Theme.text
        base: Theme.panelRaised
        alternateBase: Theme.panel
        text: Theme.text
        button: Theme.panelRaised
        buttonText: Theme.text
        highlight: Theme.accent
        highlightedText: Theme.textOnAccent
        placeholderText: Theme.textMuted
        mid: Theme.border
        dark: Theme.background
        light: Theme.panelHover
        toolTipBase: Theme.panelRaised
        toolTipText: Theme.text
    }

    // Selects an intersection and brings it into view.
    function showIntersection(index: int) {
        selection.index = index
        if (index >= 0)
            map.centerOn(index)
    }

    // Opens the dialog that asks why the operator takes control (or takes over).
    function askTakeControl(takeOver: bool) {
        if (selection.index < 0)
            return
        reasonDialog.takeOver = takeOver
        reasonDialog.open()
    }

    // The selection controller is the source of truth. The map takes a selection only once it
    // holds the city, so it is handed over again whenever that may have changed.
    function syncMapSelection() {
        if (map.selectedIntersection !== selection.index)
            map.selectedIntersection = selection.index
    }

    Connections {
        target: window.selection
        function onIndexChanged() { window.syncMapSelection() }
    }

    footer: StatusBar {}

    RowLayout {
        anchors.fill: parent
        spacing: 0

        Item {
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true

            CityMap {
                id: map
                objectName: "cityMap"
                anchors.fill: parent
                store: Console.store
                stale: !window.live
                // Drawing intersections means the map holds a city and can take the selection.
                readonly property bool holdsCity: drawnIntersections > 0

                onHoldsCityChanged: window.syncMapSelection()
                onCityRenderedChanged: window.syncMapSelection()
                // Clicks on an intersection select it; clicks elsewhere clear the selection.
                onSelectedIntersectionChanged: window.selection.index = selectedIntersection
                onIntersectionClicked: index => window.selection.index = index

                // The green wave being planned or followed.
                routeSegments: window.coordinatorOpen ? coordinator.routeSegments : []
                routeMarkers: window.coordinatorOpen ? coordinator.routeMarkers : []
                routeVehicle: window.coordinatorOpen ? coordinator.routeVehicle : []
                pickingPoint: window.coordinatorOpen && coordinator.pickingPoint
                onPointPicked: (lat, lon) => coordinator.pointPicked(lat, lon)
            }

            Label {
                objectName: "pickHint"
                visible: map.pickingPoint
                anchors.bottom: parent.bottom
                anchors.horizontalCenter: parent.horizontalCenter
                anchors.bottomMargin: Theme.margin * 3
                padding: Theme.spacing
                text: qsTr("Click the map where the vehicle must go")
                color: Theme.text
                font.pixelSize: Theme.fontLarge
                font.bold: true
                background: Rectangle {
                    radius: Theme.radius
                    color: Theme.overlay
                    border.color: Theme.waveRoute
                    border.width: 2
                }
            }

            LinkBanner {
                id: linkBanner
                anchors.top: parent.top
                anchors.horizontalCenter: parent.horizontalCenter
                anchors.topMargin: Theme.margin
                link: window.link
            }

            Notices {
                anchors.top: linkBanner.visible ? linkBanner.bottom : parent.top
                anchors.horizontalCenter: parent.horizontalCenter
                anchors.topMargin: Theme.margin
                width: Math.min(parent.width - 2 * Theme.margin, 640)
            }

            ControlsList {
                id: controlsList
                objectName: "controlsList"
                visible: false
                anchors.left: parent.left
                anchors.top: parent.top
                anchors.margins: Theme.margin
                width: Math.min(implicitWidth, parent.width - 2 * Theme.margin - 80)
                onChosen: index => window.showIntersection(index)
                onCloseRequested: visible = false
            }

            MapControls {
                anchors.right: parent.right
                anchors.bottom: parent.bottom
                anchors.margins: Theme.margin
                onZoomIn: map.zoomIn()
                onZoomOut: map.zoomOut()
                onFit: map.fitToCity()
                onSearch: searchPopup.open()
                onControls: controlsList.visible = !controlsList.visible
                controlCount: Console.controls.count
            }

            HoverLabel {
                anchors.left: parent.left
                anchors.bottom: parent.bottom
                anchors.margins: Theme.margin
                intersection: map.hoveredIntersection
            }

            SearchPopup {
                id: searchPopup
                x: (parent.width - width) / 2
                y: Theme.margin * 4
                onChosen: index => window.showIntersection(index)
            }
        }

        Rectangle {
            Layout.fillHeight: true
            implicitWidth: 1
            color: Theme.border
        }

        WaveCoordinator {
            id: coordinator
            objectName: "waveCoordinator"
            visible: window.coordinatorOpen
            Layout.fillHeight: true
            Layout.preferredWidth: Theme.panelWidth + 100
            onCloseRequested: window.coordinatorOpen = false
            onAbortRequested: waveAbortDialog.open()
            onRouteReady: Qt.callLater(map.fitToRoute)
            onIntersectionChosen: index => window.showIntersection(index)
        }

        IntersectionPanel {
            visible: !window.coordinatorOpen
            Layout.fillHeight: true
            Layout.preferredWidth: Theme.panelWidth
            selection: window.selection
            control: window.control
            onCentreRequested: map.centerOn(window.selection.index)
            onTakeControlRequested: takeOver => window.askTakeControl(takeOver)
            onGoToPhaseRequested: phaseChooser.open()
            onFlashRequested: flashDialog.open()
        }
    }

    ReasonDialog {
        id: reasonDialog
        anchors.centerIn: Overlay.overlay
        control: window.control
        intersectionName: window.selection.name
    }
    FlashDialog {
        id: flashDialog
        anchors.centerIn: Overlay.overlay
        control: window.control
        intersectionName: window.selection.name
    }
    PhaseChooser {
        id: phaseChooser
        anchors.centerIn: Overlay.overlay
        control: window.control
        phases: window.selection.phases
        intersectionName: window.selection.name
    }
    LoginDialog {
        id: loginDialog
        anchors.centerIn: Overlay.overlay
    }
    WaveAbortDialog {
        id: waveAbortDialog
        objectName: "waveAbortDialog"
        anchors.centerIn: Overlay.overlay
    }

    // Control of the selected intersection. Each one does nothing without a selection and
    // otherwise always answers: an action that cannot be sent says why in a notice.
    Shortcut {
        sequence: "T"
        enabled: !window.dialogOpen && window.selection.valid
        onActivated: window.askTakeControl(window.control.canTakeOver)
    }
    Shortcut {
        sequence: "H"
        enabled: !window.dialogOpen && window.selection.valid
        onActivated: window.control.hold()
    }
    Shortcut {
        sequence: "A"
        enabled: !window.dialogOpen && window.selection.valid
        onActivated: window.control.advance()
    }
    Shortcut {
        sequence: "G"
        enabled: !window.dialogOpen && window.selection.valid && window.control.canCommand
        onActivated: phaseChooser.open()
    }
    Shortcut {
        sequence: "Shift+F"
        enabled: !window.dialogOpen && window.selection.valid && window.control.canCommand
        onActivated: flashDialog.open()
    }
    Shortcut {
        sequence: "R"
        enabled: !window.dialogOpen && window.selection.valid
        onActivated: window.control.restore()
    }
    Shortcut {
        sequence: "L"
        enabled: !window.dialogOpen
        onActivated: controlsList.visible = !controlsList.visible
    }

    Shortcut {
        sequence: "W"
        enabled: !window.dialogOpen
        onActivated: window.coordinatorOpen = !window.coordinatorOpen
    }

    Shortcut {
        sequence: "Ctrl+F"
        onActivated: searchPopup.open()
    }
    Shortcut {
        sequence: "/"
        enabled: !window.dialogOpen
        onActivated: searchPopup.open()
    }
    Shortcut {
        sequences: ["+", "=", "Ctrl++", "Ctrl+="]
        enabled: !window.dialogOpen
        onActivated: map.zoomIn()
    }
    Shortcut {
        sequences: ["-", "Ctrl+-"]
        enabled: !window.dialogOpen
        onActivated: map.zoomOut()
    }
    Shortcut {
        sequences: ["0", "F"]
        enabled: !window.dialogOpen
        onActivated: map.fitToCity()
    }
    Shortcut {
        sequence: "Esc"
        enabled: !window.dialogOpen
        onActivated: window.selection.index = -1
    }
    Shortcut {
        sequence: "Ctrl+Q"
        context: Qt.ApplicationShortcut
        onActivated: Qt.quit()
    }
}
