import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Greenlight

// What the map's colours mean.
ColumnLayout {
    spacing: 4

    component Swatch: RowLayout {
        required property color swatch
        required property string meaning
        property bool road: false
        spacing: Theme.spacing

        Rectangle {
            implicitWidth: parent.road ? 22 : 14
            implicitHeight: parent.road ? 6 : 14
            radius: parent.road ? 3 : 3
            color: parent.swatch
        }
        Label {
            text: parent.meaning
            color: Theme.text
            font.pixelSize: Theme.fontSmall
        }
    }

    Label {
        text: qsTr("LEGEND")
        color: Theme.textMuted
        font.pixelSize: Theme.fontSmall
        font.letterSpacing: 1
    }

    GridLayout {
        columns: 2
        columnSpacing: Theme.margin * 2
        rowSpacing: 4

        Swatch { swatch: Theme.signalGreen; meaning: qsTr("Green") }
        Swatch { swatch: Theme.roadFree; meaning: qsTr("Free flow"); road: true }
        Swatch { swatch: Theme.signalYellow; meaning: qsTr("Yellow") }
        Swatch { swatch: Theme.roadLight; meaning: qsTr("Slow"); road: true }
        Swatch { swatch: Theme.signalRedAmber; meaning: qsTr("Red + amber") }
        Swatch { swatch: Theme.roadHeavy; meaning: qsTr("Heavy"); road: true }
        Swatch { swatch: Theme.signalRed; meaning: qsTr("Red") }
        Swatch { swatch: Theme.roadJammed; meaning: qsTr("Jammed"); road: true }
    }

    RowLayout {
        Layout.fillWidth: true
        spacing: Theme.spacing
        Rectangle {
            implicitWidth: 14
            implicitHeight: 14
            radius: 7
            color: Theme.clear
            border.color: Theme.controlHeld
            border.width: 2.5
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("Held by an operator (thick ring: override)")
            color: Theme.text
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.Wrap
        }
    }
}
