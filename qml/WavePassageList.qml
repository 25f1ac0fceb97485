pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Greenlight

// The intersections of a route in order, each with its ETA and its wave state as a coloured
// chip; a refusal or release shows its note. A click brings the intersection into view.
ListView {
    id: list

    // The intersection (layout index) the operator wants to see.
    signal chosen(int index)

    clip: true
    spacing: 2
    boundsBehavior: Flickable.StopAtBounds
    ScrollBar.vertical: ScrollBar {}

    delegate: Rectangle {
        id: row
        required property int index
        required property int intersection
        required property string name
        required property string etaText
        required property string state
        required property string stateText
        required property string note

        width: ListView.view.width
        implicitHeight: rowContent.implicitHeight + Theme.spacing
        radius: 4
        color: rowArea.containsMouse ? Theme.panelHover : Theme.panelRaised

        ColumnLayout {
            id: rowContent
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.verticalCenter: parent.verticalCenter
            anchors.leftMargin: Theme.spacing
            anchors.rightMargin: Theme.spacing
            spacing: 0

            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacing

                Rectangle {
                    implicitWidth: 12
                    implicitHeight: 12
                    radius: 6
                    color: Theme.waveColour(row.state)
                }
                Label {
                    Layout.fillWidth: true
                    text: row.name
                    color: row.state === "passed" || row.state === "released" ? Theme.textMuted : Theme.text
                    elide: Text.ElideRight
                }
                Label {
                    objectName: "passageEta"
                    text: row.etaText
                    visible: text.length > 0
                    color: Theme.text
                    font.family: Theme.monoFamily
                }
                Label {
                    objectName: "passageState"
                    Layout.preferredWidth: 92
                    horizontalAlignment: Text.AlignRight
                    text: row.state === "planned" ? "" : row.stateText
                    color: Theme.waveColour(row.state)
                    font.bold: row.state === "green" || row.state === "refused"
                }
            }
            Label {
                Layout.fillWidth: true
                Layout.leftMargin: 12 + Theme.spacing
                visible: row.note.length > 0
                text: row.note
                color: row.state === "refused" ? Theme.waveRefused : Theme.textMuted
                font.pixelSize: Theme.fontSmall
                wrapMode: Text.Wrap
            }
        }
        MouseArea {
            id: rowArea
            anchors.fill: parent
            hoverEnabled: true
            cursorShape: Qt.PointingHandCursor
            onClicked: list.chosen(row.intersection)
        }
    }
}
