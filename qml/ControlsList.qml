pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Greenlight

// Every lease and override in force across the city, all operators, sortable by intersection,
// holder, kind or expiry; a click brings the intersection into view and selects it.
Rectangle {
    id: list

    readonly property ControlListModel controls: Console.controls
    readonly property real now: Console.control.now

    // The operator chose intersection `index` (a layout index).
    signal chosen(int index)
    signal closeRequested()

    implicitWidth: 680
    implicitHeight: Math.min(content.implicitHeight + 2 * Theme.spacing, 520)
    radius: Theme.radius
    color: Theme.panel
    border.color: Theme.controlHeld
    border.width: 1

    component Header: Label {
        id: header
        required property int key
        property int stretch: 1
        Layout.fillWidth: true
        Layout.preferredWidth: stretch * 100
        text: header.title + (list.controls.sortKey === header.key ? (list.controls.descending ? " ▼" : " ▲") : "")
        property string title
        color: list.controls.sortKey === header.key ? Theme.text : Theme.textMuted
        font.pixelSize: Theme.fontSmall
        font.bold: true
        MouseArea {
            anchors.fill: parent
            cursorShape: Qt.PointingHandCursor
            onClicked: list.controls.sortBy(header.key)
        }
    }

    ColumnLayout {
        id: content
        anchors.fill: parent
        anchors.margins: Theme.spacing
        spacing: Theme.spacing / 2

        RowLayout {
            Layout.fillWidth: true
            Label {
                Layout.fillWidth: true
                text: qsTr("Control in force (%1)").arg(list.controls.count)
                color: Theme.text
                font.pixelSize: Theme.fontLarge
                font.bold: true
            }
            Button {
                text: qsTr("Close  L")
                focusPolicy: Qt.NoFocus
                font.pixelSize: Theme.fontSmall
                onClicked: list.closeRequested()
            }
        }

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            Header { key: ControlListModel.ByIntersection; title: qsTr("Intersection"); stretch: 3 }
            Header { key: ControlListModel.ByHolder; title: qsTr("Holder"); stretch: 2 }
            Header { key: ControlListModel.ByKind; title: qsTr("Kind"); stretch: 2 }
            Header { key: ControlListModel.ByExpiry; title: qsTr("Ends in"); stretch: 1 }
        }

        ListView {
            id: view
            objectName: "controlsListView"
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredHeight: contentHeight
            clip: true
            spacing: 2
            model: list.controls
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar {}

            delegate: Rectangle {
                id: row
                required property int intersection
                required property string name
                required property string holder
                required property string holderRole
                required property string reason
                required property string kind
                required property string stage
                required property real expires

                width: ListView.view.width
                implicitHeight: 40
                radius: 4
                color: rowArea.containsMouse ? Theme.panelHover : Theme.panelRaised

                RowLayout {
                    anchors.fill: parent
                    anchors.leftMargin: Theme.spacing
                    anchors.rightMargin: Theme.spacing
                    spacing: Theme.spacing
                    Label {
                        Layout.fillWidth: true
                        Layout.preferredWidth: 300
                        text: row.name
                        color: Theme.text
                        elide: Text.ElideRight
                    }
                    Label {
                        Layout.fillWidth: true
                        Layout.preferredWidth: 200
                        text: row.holder + (row.holder === Console.control.operatorName ? qsTr(" (you)") : "")
                        color: row.holder === Console.control.operatorName ? Theme.controlMine : Theme.controlHeld
                        font.bold: true
                        elide: Text.ElideRight
                    }
                    Label {
                        Layout.fillWidth: true
                        Layout.preferredWidth: 200
                        text: row.kind + (row.stage === "pending" ? qsTr(" · pending") : "")
                        color: row.stage === "pending" ? Theme.commandPending
                             : row.stage === "effective" ? Theme.commandEffective : Theme.text
                        elide: Text.ElideRight
                    }
                    Label {
                        Layout.fillWidth: true
                        Layout.preferredWidth: 100
                        text: Format.remaining(row.expires, list.now)
                        color: Theme.text
                        font.family: Theme.monoFamily
                        horizontalAlignment: Text.AlignRight
                    }
                }
                MouseArea {
                    id: rowArea
                    anchors.fill: parent
                    hoverEnabled: true
                    cursorShape: Qt.PointingHandCursor
                    onClicked: list.chosen(row.intersection)
                    ToolTip.visible: containsMouse && row.reason.length > 0
                    ToolTip.text: qsTr("%1 (%2): “%3”").arg(row.holder).arg(row.holderRole).arg(row.reason)
                    ToolTip.delay: 500
                }
            }
        }

        Label {
            Layout.fillWidth: true
            visible: list.controls.count === 0
            text: qsTr("No intersection is under operator control; every one runs its programme.")
            color: Theme.textMuted
            wrapMode: Text.Wrap
        }
    }
}
