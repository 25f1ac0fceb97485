pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Greenlight

// Preparing a green wave: where the vehicle starts (a tracked emergency vehicle, or a hospital or
// fire station to spawn one at), where it goes (a click on the map or a hospital), the route the
// gateway plans with its travel time and the intersections it will preempt, then the reason, the
// priority and the dispatch.
ColumnLayout {
    id: card

    readonly property WavePlanner planner: Console.wavePlanner
    readonly property GreenWaveClient client: Console.greenWave
    // The map is waiting for a click on the destination.
    property bool pickingDestination: false

    // The operator wants to see an intersection of the route.
    signal intersectionChosen(int index)

    spacing: Theme.spacing

    function dispatchNow() {
        if (card.planner.dispatch(reasonField.text, prioritySpin.value))
            reasonField.text = ""
    }

    component Caption: Label {
        color: Theme.textMuted
        font.pixelSize: Theme.fontSmall
        font.letterSpacing: 1
    }

    Caption { text: qsTr("1 · ORIGIN") }
    ComboBox {
        id: originBox
        objectName: "waveOrigin"
        Layout.fillWidth: true
        model: Console.waveOrigins
        textRole: "label"
        valueRole: "placeId"
        displayText: card.planner.hasOrigin ? card.planner.originLabel : qsTr("Choose a vehicle or a station…")
        currentIndex: -1
        onActivated: index => card.chooseOrigin(index)
        delegate: ItemDelegate {
            id: originItem
            required property int index
            required property string kind
            required property string label
            required property string detail
            width: ListView.view.width
            highlighted: originBox.highlightedIndex === index
            contentItem: RowLayout {
                spacing: Theme.spacing
                Label {
                    text: originItem.kind === "vehicle" ? "\u25c6" : originItem.kind === "hospital" ? "H" : "F"
                    color: originItem.kind === "vehicle" ? Theme.accent : originItem.kind === "hospital" ? Theme.waveRefused : Theme.wavePreparing
                    font.bold: true
                    Layout.preferredWidth: 16
                }
                Label {
                    Layout.fillWidth: true
                    text: originItem.label
                    color: Theme.text
                    elide: Text.ElideRight
                }
                Label {
                    text: originItem.detail
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                }
            }
        }
    }
    Label {
        Layout.fillWidth: true
        visible: Console.waveOrigins.count === 0
        text: qsTr("No emergency vehicle is tracked and the city lists no station.")
        color: Theme.textMuted
        font.pixelSize: Theme.fontSmall
        wrapMode: Text.Wrap
    }

    function chooseOrigin(index: int) {
        const m = Console.waveOrigins
        const i = m.index(index, 0)
        const kind = m.data(i, WavePlaceModel.KindRole)
        const id = m.data(i, WavePlaceModel.PlaceIdRole)
        if (kind === "vehicle")
            card.planner.setOriginVehicle(id)
        else
            card.planner.setOriginPlace(id, kind)
    }

    Caption { text: qsTr("2 · DESTINATION"); Layout.topMargin: Theme.spacing }
    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacing
        Button {
            objectName: "pickDestination"
            Layout.fillWidth: true
            checkable: true
            checked: card.pickingDestination
            text: card.pickingDestination ? qsTr("Click the map…") : qsTr("Pick on the map")
            focusPolicy: Qt.NoFocus
            onClicked: card.pickingDestination = !card.pickingDestination
        }
        ComboBox {
            id: hospitalBox
            objectName: "waveHospital"
            Layout.fillWidth: true
            model: Console.waveDestinations
            textRole: "label"
            valueRole: "placeId"
            currentIndex: -1
            displayText: qsTr("Hospital…")
            onActivated: index => {
                card.pickingDestination = false
                card.planner.setDestinationPlace(valueAt(index))
            }
        }
    }
    Label {
        objectName: "waveDestinationLabel"
        Layout.fillWidth: true
        text: card.planner.hasDestination ? qsTr("To: %1").arg(card.planner.destinationLabel)
                                          : qsTr("No destination yet")
        color: card.planner.hasDestination ? Theme.text : Theme.textMuted
        font.bold: card.planner.hasDestination
        elide: Text.ElideRight
    }

    Caption { text: qsTr("3 · ROUTE"); Layout.topMargin: Theme.spacing }
    Label {
        objectName: "wavePlanSummary"
        Layout.fillWidth: true
        text: card.planner.planning ? qsTr("Planning…")
            : card.planner.hasPlan ? card.planner.summary
            : card.planner.planError.length > 0 ? card.planner.planError
            : qsTr("Choose both ends to see the route.")
        color: card.planner.planError.length > 0 ? Theme.waveRefused : card.planner.hasPlan ? Theme.waveRoute : Theme.textMuted
        font.pixelSize: card.planner.hasPlan ? Theme.fontLarge : Theme.fontNormal
        font.bold: card.planner.hasPlan
        wrapMode: Text.Wrap
    }
    WavePassageList {
        objectName: "wavePlanPassages"
        Layout.fillWidth: true
        Layout.preferredHeight: Math.min(contentHeight, 220)
        visible: card.planner.hasPlan && count > 0
        model: card.planner.passages
        onChosen: index => card.intersectionChosen(index)
    }

    Caption { text: qsTr("4 · DISPATCH"); Layout.topMargin: Theme.spacing }
    TextField {
        id: reasonField
        objectName: "waveReason"
        Layout.fillWidth: true
        placeholderText: qsTr("Reason, e.g. cardiac arrest, Elm Street 4")
        onAccepted: card.dispatchNow()
    }
    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacing
        Label {
            text: qsTr("Priority")
            color: Theme.text
        }
        SpinBox {
            id: prioritySpin
            objectName: "wavePriority"
            from: 1
            to: 9
            value: 5
            focusPolicy: Qt.ClickFocus
        }
        Item { Layout.fillWidth: true }
        Button {
            objectName: "waveDispatch"
            text: card.planner.dispatching ? qsTr("Dispatching…") : qsTr("Dispatch")
            enabled: card.planner.canDispatch && reasonField.text.trim().length > 0
            focusPolicy: Qt.NoFocus
            font.bold: true
            palette.button: enabled ? Theme.waveRoute : Theme.panelRaised
            palette.buttonText: enabled ? Theme.background : Theme.textMuted
            onClicked: card.dispatchNow()
        }
    }
    Label {
        objectName: "waveDispatchError"
        Layout.fillWidth: true
        visible: text.length > 0
        text: card.planner.dispatchError.length > 0 ? card.planner.dispatchError : card.client.blockedText
        color: Theme.waveRefused
        wrapMode: Text.Wrap
    }
}
