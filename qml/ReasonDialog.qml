import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Greenlight

// Asks why the operator takes control (or takes over) of the selected intersection; the reason
// is shown to other operators and audited.
Popup {
    id: dialog

    required property SelectedControl control
    required property string intersectionName
    // Take over from the current holder instead of taking a free intersection.
    property bool takeOver: false

    function submit() {
        const reason = field.text.trim()
        if (reason.length === 0)
            return
        const sent = dialog.takeOver ? dialog.control.takeOver(reason) : dialog.control.takeControl(reason)
        if (sent)
            dialog.close()
    }

    width: 460
    implicitHeight: content.implicitHeight + topPadding + bottomPadding
    padding: Theme.margin
    modal: true
    focus: true
    closePolicy: Popup.CloseOnEscape
    onOpened: {
        field.text = ""
        field.forceActiveFocus()
    }

    background: Rectangle {
        radius: Theme.radius
        color: Theme.panel
        border.color: Theme.controlHeld
        border.width: 2
    }
    Overlay.modal: Rectangle { color: Theme.overlay }

    ColumnLayout {
        id: content
        anchors.fill: parent
        spacing: Theme.spacing

        Label {
            Layout.fillWidth: true
            text: dialog.takeOver ? qsTr("Take over %1").arg(dialog.intersectionName)
                                  : qsTr("Take control of %1").arg(dialog.intersectionName)
            color: Theme.text
            font.pixelSize: Theme.fontLarge
            font.bold: true
            wrapMode: Text.Wrap
        }
        Label {
            Layout.fillWidth: true
            visible: dialog.takeOver
            text: qsTr("%1 (%2) holds it now and will be told why.").arg(dialog.control.holder).arg(dialog.control.holderRole)
            color: Theme.commandPending
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.Wrap
        }
        Label {
            text: qsTr("Reason (shown to other operators and audited)")
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
        }
        TextField {
            id: field
            objectName: "reasonField"
            Layout.fillWidth: true
            placeholderText: qsTr("e.g. crash clearance on the north approach")
            color: Theme.text
            onAccepted: dialog.submit()
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            Item { Layout.fillWidth: true }
            Button {
                text: qsTr("Cancel")
                onClicked: dialog.close()
            }
            Button {
                objectName: "reasonOk"
                text: dialog.takeOver ? qsTr("Take over") : qsTr("Take control")
                enabled: field.text.trim().length > 0
                highlighted: true
                onClicked: dialog.submit()
            }
        }
    }
}
