#include "layoutversion.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <QCryptographicHash>

namespace greenlight::gateway {

std::string layoutVersionOf(const v1::CityLayout &layout)
{
    if (!layout.layout_version().empty()) {
        v1::CityLayout copy = layout;
        copy.clear_layout_version();
        return layoutVersionOf(copy);
    }
    std::string bytes;
    {
        google::protobuf::io::StringOutputStream stream(&bytes);
        google::protobuf::io::CodedOutputStream coded(&stream);
        coded.SetSerializationDeterministic(true);
        layout.SerializeToCodedStream(&coded);
    }
    const QByteArray hash = QCryptographicHash::hash(QByteArray::fromStdString(bytes), QCryptographicHash::Sha256);
    return hash.toHex().left(16).toStdString();
}

} // namespace greenlight::gateway
