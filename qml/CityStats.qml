import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Greenlight

// What the city holds, for the panel when nothing is selected.
Rectangle {
    id: stats

    readonly property StateStore store: Console.store

    implicitHeight: grid.implicitHeight + 2 * Theme.margin
    radius: Theme.radius
    color: Theme.panelRaised
    border.color: Theme.border

    GridLayout {
        id: grid
        anchors.fill: parent
        anchors.margins: Theme.margin
        columns: 2
        rowSpacing: Theme.spacing
        columnSpacing: Theme.margin

        Label {
            Layout.columnSpan: 2
            Layout.fillWidth: true
            text: stats.store.hasLayout ? stats.store.cityName : qsTr("No city yet")
            color: Theme.text
            font.pixelSize: Theme.fontLarge
            font.bold: true
            wrapMode: Text.Wrap
        }

        Label { text: qsTr("Intersections"); color: Theme.textMuted }
        Label {
            Layout.alignment: Qt.AlignRight
            text: Format.count(stats.store.intersectionCount)
            color: Theme.text
            font.bold: true
        }
        Label { text: qsTr("Road segments"); color: Theme.textMuted }
        Label {
            Layout.alignment: Qt.AlignRight
            text: Format.count(stats.store.segmentCount)
            color: Theme.text
            font.bold: true
        }
        Label { text: qsTr("Tracked vehicles"); color: Theme.textMuted }
        Label {
            Layout.alignment: Qt.AlignRight
            text: Format.count(stats.store.vehicleCount)
            color: Theme.text
            font.bold: true
        }
        Label { text: qsTr("Simulation time"); color: Theme.textMuted }
        Label {
            Layout.alignment: Qt.AlignRight
            text: Format.clock(stats.store.hasLiveState ? stats.store.simTime : -1)
            color: Theme.text
            font.family: Theme.monoFamily
            font.bold: true
        }
        Label { text: qsTr("Operator"); color: Theme.textMuted }
        Label {
            Layout.alignment: Qt.AlignRight
            text: !Console.control.loggedIn ? qsTr("not logged in")
                : Console.control.demoMode ? qsTr("demo mode, no login")
                : Console.control.operatorName + " · " + Console.control.roleName
            color: Theme.text
        }
    }
}
