import QtQuick
import QtQuick.Controls
import Greenlight

// The name of the intersection under the mouse, and who controls it, in a corner of the map.
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
        // Depends on the list of controls too, so a change of holder shows while hovering.
        readonly property string holder: Console.controls.count >= 0 && label.visible
                                         ? Console.intersections.holderAt(label.intersection) : ""
        text: label.visible ? Console.intersections.nameAt(label.intersection)
                              + (holder.length > 0 ? "  —  " + holder : "") : ""
        color: Theme.text
        font.pixelSize: Theme.fontNormal
    }
}
