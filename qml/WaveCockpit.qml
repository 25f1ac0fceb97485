import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Greenlight

// One green wave followed live: where it goes and why, the time left, how many intersections it
// holds, each intersection's state, and Abort (asks for a reason first). An ended wave shows its
// outcome in the gateway's words.
ColumnLayout {
    id: cockpit

    readonly property SelectedWave wave: Console.selectedWave

    signal abortRequested()
    signal intersectionChosen(int index)

    spacing: Theme.spacing

    Rectangle {
        Layout.fillWidth: true
        implicitHeight: head.implicitHeight + 2 * Theme.margin
        radius: Theme.radius
        color: Theme.panelRaised
        border.color: Theme.waveStateColour(cockpit.wave.state)
        border.width: 2

        ColumnLayout {
            id: head
            anchors.fill: parent
            anchors.margins: Theme.margin
            spacing: 4

            RowLayout {
                Layout.fillWidth: true
                Label {
                    objectName: "waveStateLabel"
                    text: cockpit.wave.state.toUpperCase()
                    color: Theme.waveStateColour(cockpit.wave.state)
                    font.bold: true
                    font.letterSpacing: 1
                }
                Item { Layout.fillWidth: true }
                Label {
                    text: qsTr("priority %1").arg(cockpit.wave.priority)
                    color: Theme.textMuted
                }
            }
            Label {
                objectName: "waveDestination"
                Layout.fillWidth: true
                text: qsTr("To %1").arg(cockpit.wave.destinationLabel)
                color: Theme.text
                font.pixelSize: Theme.fontLarge
                font.bold: true
                wrapMode: Text.Wrap
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("From %1 · %2").arg(cockpit.wave.originLabel).arg(cockpit.wave.vehicleId)
                color: Theme.textMuted
                elide: Text.ElideRight
            }
            Label {
                Layout.fillWidth: true
                text: "“" + cockpit.wave.reason + "”"
                visible: cockpit.wave.reason.length > 0
                color: Theme.text
                wrapMode: Text.Wrap
            }
            RowLayout {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacing
                visible: cockpit.wave.running
                spacing: Theme.margin
                ColumnLayout {
                    spacing: 0
                    Label {
                        text: qsTr("ARRIVES IN")
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontSmall
                    }
                    Label {
                        objectName: "waveRemaining"
                        text: cockpit.wave.remainingText
                        color: Theme.text
                        font.pixelSize: Theme.fontTitle
                        font.bold: true
                        font.family: Theme.monoFamily
                    }
                }
                ColumnLayout {
                    spacing: 0
                    Label {
                        text: qsTr("HOLDING")
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontSmall
                    }
                    Label {
                        objectName: "waveHeld"
                        text: cockpit.wave.held === 1 ? qsTr("1 intersection") : qsTr("%1 intersections").arg(cockpit.wave.held)
                        color: cockpit.wave.held > 0 ? Theme.waveGreen : Theme.text
                        font.pixelSize: Theme.fontLarge
                        font.bold: true
                    }
                }
            }
            Label {
                objectName: "waveOutcome"
                Layout.fillWidth: true
                visible: !cockpit.wave.running
                text: cockpit.wave.outcome
                color: Theme.waveStateColour(cockpit.wave.state)
                font.pixelSize: Theme.fontLarge
                wrapMode: Text.Wrap
            }
        }
    }

    RowLayout {
        Layout.fillWidth: true
        visible: cockpit.wave.running
        Button {
            objectName: "waveAbort"
            Layout.fillWidth: true
            text: cockpit.wave.aborting ? qsTr("Aborting…") : qsTr("Abort wave…")
            enabled: !cockpit.wave.aborting && Console.greenWave.mayDispatch
            focusPolicy: Qt.NoFocus
            palette.button: Theme.danger
            palette.buttonText: Theme.textOnAccent
            font.bold: true
            onClicked: cockpit.abortRequested()
        }
    }
    Label {
        Layout.fillWidth: true
        visible: text.length > 0
        text: cockpit.wave.abortError
        color: Theme.waveRefused
        wrapMode: Text.Wrap
    }

    Label {
        text: qsTr("INTERSECTIONS")
        color: Theme.textMuted
        font.pixelSize: Theme.fontSmall
        font.letterSpacing: 1
    }
    WavePassageList {
        objectName: "waveCockpitPassages"
        Layout.fillWidth: true
        Layout.fillHeight: true
        Layout.minimumHeight: 120
        model: cockpit.wave.passages
        onChosen: index => cockpit.intersectionChosen(index)
    }
}
