pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Greenlight

// Every wave of the gateway run: running ones first, then the ended ones with their outcome.
// A click follows the wave in the cockpit.
ListView {
    id: list

    // The wave being followed, to highlight it.
    property string currentWaveId

    signal chosen(string waveId)

    clip: true
    spacing: 2
    model: Console.waves
    boundsBehavior: Flickable.StopAtBounds
    ScrollBar.vertical: ScrollBar {}

    delegate: Rectangle {
        id: row
        required property string waveId
        required property bool running
        required property string state
        required property string outcome
        required property string destination
        required property string origin
        required property string remainingText
        required property string dispatcher

        width: ListView.view.width
        implicitHeight: rowContent.implicitHeight + Theme.spacing
        radius: 4
        color: rowArea.containsMouse ? Theme.panelHover : Theme.panelRaised
        border.color: row.waveId === list.currentWaveId ? Theme.selection : Theme.clear
        border.width: 1

        ColumnLayout {
            id: rowContent
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.verticalCenter: parent.verticalCenter
            anchors.margins: Theme.spacing
            spacing: 0
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacing
                Rectangle {
                    implicitWidth: 10
                    implicitHeight: 10
                    radius: 5
                    color: Theme.waveStateColour(row.state)
                }
                Label {
                    Layout.fillWidth: true
                    text: qsTr("To %1").arg(row.destination)
                    color: Theme.text
                    font.bold: row.running
                    elide: Text.ElideRight
                }
                Label {
                    text: row.running ? row.remainingText : row.state
                    color: Theme.waveStateColour(row.state)
                    font.family: row.running ? Theme.monoFamily : font.family
                    font.bold: true
                }
            }
            Label {
                objectName: "waveHistoryOutcome"
                Layout.fillWidth: true
                Layout.leftMargin: 10 + Theme.spacing
                text: row.running ? qsTr("from %1 · %2").arg(row.origin).arg(row.dispatcher) : row.outcome
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                elide: Text.ElideRight
            }
        }
        MouseArea {
            id: rowArea
            anchors.fill: parent
            hoverEnabled: true
            cursorShape: Qt.PointingHandCursor
            onClicked: list.chosen(row.waveId)
        }
    }
}
