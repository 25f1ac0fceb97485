import QtQuick
import QtQuick.Controls
import Greenlight

// The name of the intersection under the mouse, in a corner of the map.
Rectangle {
    id: label

    required property int intersection

    visible: intersection >= 0 && intersection < Console.store.intersectionCount
    implicitWidth: text.implicitWidth + 2 * Theme.spacing + 4
    implicitHeight: text.implicitHeight + Theme.spacing
    radius: Theme.radius
    color: Theme.overlay

    Label {
        id: text
        anchors.centerIn: parent
        text: label.visible ? Console.intersections.nameAt(label.intersection) : ""
        color: Theme.text
        font.pixelSize: Theme.fontNormal
    }
}
