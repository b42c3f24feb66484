"""The outlines of the demo plans of action (demo.plans), the reports the secretariat returned and the
review's conclusions. Areas follow the real plans' themes; action lines are our own text, marked "(illustrative)"."""

from __future__ import annotations

import csv
import io

ILLUSTRATIVE = " (illustrative)"
ILLUSTRATIVE_VI = " (minh họa)"

# number, title_en, title_vi, lead, target year
SEANWFZ_OUTLINE: list[tuple[str, str, str, str, str]] = [
    (
        "1",
        "The Treaty and its Protocol with the nuclear-weapon states",
        "Hiệp ước và Nghị định thư với các quốc gia có vũ khí hạt nhân",
        "",
        "",
    ),
    (
        "1.1",
        "Signature of the Protocol by the nuclear-weapon states",
        "Việc các quốc gia có vũ khí hạt nhân ký Nghị định thư",
        "",
        "",
    ),
    (
        "1.1.1",
        "Hold yearly consultations with the five nuclear-weapon states on signing the Protocol",
        "Tổ chức tham vấn hằng năm với năm quốc gia có vũ khí hạt nhân về việc ký Nghị định thư",
        "ID",
        "2025",
    ),
    (
        "1.1.2",
        "Agree a common position on reservations to the Protocol",
        "Thống nhất lập trường chung về các bảo lưu đối với Nghị định thư",
        "SG",
        "2024",
    ),
    ("1.2", "Reporting under the Treaty", "Báo cáo theo Hiệp ước", "", ""),
    (
        "1.2.1",
        "Submit national reports on implementing the Treaty to the Executive Committee",
        "Nộp báo cáo quốc gia về thực thi Hiệp ước cho Ủy ban Điều hành",
        "",
        "2027",
    ),
    (
        "1.2.2",
        "Adopt an updated template for national reports",
        "Thông qua mẫu báo cáo quốc gia cập nhật",
        "MY",
        "2023",
    ),
    ("2", "Nuclear safety and security", "An toàn và an ninh hạt nhân", "", ""),
    ("2.1", "Regulatory frameworks", "Khuôn khổ pháp lý", "", ""),
    (
        "2.1.1",
        "Review national nuclear safety legislation against IAEA safety standards",
        "Rà soát pháp luật quốc gia về an toàn hạt nhân theo tiêu chuẩn an toàn của IAEA",
        "VN",
        "2025",
    ),
    (
        "2.1.2",
        "Exchange regulatory experience through the ASEAN Network of Regulatory Bodies on Atomic Energy",
        "Trao đổi kinh nghiệm quản lý qua Mạng lưới các cơ quan quản lý năng lượng nguyên tử ASEAN",
        "TH",
        "2026",
    ),
    (
        "2.1.3",
        "Accede to the Convention on Nuclear Safety and the amended Convention on the Physical Protection of "
        "Nuclear Material",
        "Gia nhập Công ước An toàn hạt nhân và Công ước sửa đổi về Bảo vệ thực thể vật liệu hạt nhân",
        "",
        "2027",
    ),
    ("2.2", "Nuclear security", "An ninh hạt nhân", "", ""),
    (
        "2.2.1",
        "Strengthen the detection of illicit trafficking in nuclear material at borders",
        "Tăng cường phát hiện buôn bán trái phép vật liệu hạt nhân tại biên giới",
        "PH",
        "2026",
    ),
    (
        "2.2.2",
        "Train customs and border officials in radiation detection",
        "Đào tạo cán bộ hải quan và biên phòng về phát hiện phóng xạ",
        "MY",
        "2024",
    ),
    ("3", "Emergency preparedness and response", "Chuẩn bị và ứng phó sự cố", "", ""),
    ("3.1", "Regional arrangements", "Các thỏa thuận khu vực", "", ""),
    (
        "3.1.1",
        "Develop a regional early-notification arrangement for radiological emergencies",
        "Xây dựng thỏa thuận khu vực về thông báo sớm sự cố phóng xạ",
        "TH",
        "2025",
    ),
    (
        "3.1.2",
        "Hold a regional table-top exercise on a radiological emergency",
        "Tổ chức diễn tập trên bàn cấp khu vực về sự cố phóng xạ",
        "LA",
        "2024",
    ),
    ("3.2", "National capacities", "Năng lực quốc gia", "", ""),
    (
        "3.2.1",
        "Update national radiological emergency plans",
        "Cập nhật kế hoạch ứng phó sự cố phóng xạ quốc gia",
        "",
        "2026",
    ),
    (
        "3.2.2",
        "Connect national environmental radiation monitoring networks so they share data",
        "Kết nối mạng lưới quan trắc phóng xạ môi trường quốc gia để chia sẻ dữ liệu",
        "SG",
        "2027",
    ),
    ("4", "Cooperation with the IAEA and other partners", "Hợp tác với IAEA và các đối tác khác", "", ""),
    ("4.1", "International Atomic Energy Agency", "Cơ quan Năng lượng Nguyên tử Quốc tế", "", ""),
    (
        "4.1.1",
        "Carry out the Practical Arrangements between ASEAN and the IAEA",
        "Thực hiện Thỏa thuận thực tiễn giữa ASEAN và IAEA",
        "IAEA ID",
        "2027",
    ),
    (
        "4.1.2",
        "Conclude comprehensive safeguards agreements and additional protocols with the IAEA",
        "Ký kết hiệp định bảo đảm toàn diện và nghị định thư bổ sung với IAEA",
        "",
        "2025",
    ),
    ("4.2", "Other partners and the public", "Các đối tác khác và công chúng", "", ""),
    (
        "4.2.1",
        "Cooperate with the CTBTO and the other nuclear-weapon-free zones",
        "Hợp tác với CTBTO và các khu vực không có vũ khí hạt nhân khác",
        "KH",
        "2026",
    ),
    (
        "4.2.2",
        "Raise public awareness of the Treaty on its anniversary",
        "Nâng cao nhận thức của công chúng về Hiệp ước nhân dịp kỷ niệm",
        "BN",
        "2023",
    ),
]

MEKONG_US_OUTLINE: list[tuple[str, str, str, str, str]] = [
    ("1", "Economic connectivity", "Kết nối kinh tế", "", ""),
    ("1.1", "Trade facilitation and infrastructure", "Tạo thuận lợi thương mại và cơ sở hạ tầng", "", ""),
    (
        "1.1.1",
        "Support cross-border trade facilitation along the Mekong corridors",
        "Hỗ trợ tạo thuận lợi thương mại xuyên biên giới dọc các hành lang Mê Công",
        "TH US",
        "2026",
    ),
    (
        "1.1.2",
        "Share good practice on quality infrastructure investment",
        "Chia sẻ thực tiễn tốt về đầu tư cơ sở hạ tầng chất lượng",
        "US",
        "2025",
    ),
    (
        "2",
        "Sustainable management of water and natural resources",
        "Quản lý bền vững nước và tài nguyên thiên nhiên",
        "",
        "",
    ),
    ("2.1", "Water data and energy", "Dữ liệu nước và năng lượng", "", ""),
    (
        "2.1.1",
        "Share Mekong water and dam-operation data through the Mekong Water Data Initiative",
        "Chia sẻ dữ liệu nước và vận hành đập qua Sáng kiến Dữ liệu nước Mê Công",
        "VN US",
        "2026",
    ),
    (
        "2.1.2",
        "Support regional power trade and clean energy",
        "Hỗ trợ thương mại điện khu vực và năng lượng sạch",
        "LA",
        "2026",
    ),
    ("3", "Non-traditional security", "An ninh phi truyền thống", "", ""),
    ("3.1", "Transnational crime and health security", "Tội phạm xuyên quốc gia và an ninh y tế", "", ""),
    (
        "3.1.1",
        "Counter trafficking in persons and wildlife",
        "Phòng chống mua bán người và động vật hoang dã",
        "KH US",
        "2026",
    ),
    (
        "3.1.2",
        "Strengthen preparedness for pandemics and emerging diseases",
        "Tăng cường chuẩn bị ứng phó đại dịch và bệnh mới nổi",
        "MM",
        "2025",
    ),
    ("4", "Human resources development", "Phát triển nguồn nhân lực", "", ""),
    ("4.1", "Education and young leaders", "Giáo dục và lãnh đạo trẻ", "", ""),
    (
        "4.1.1",
        "Run the Mekong–U.S. young leaders and scholarship programmes",
        "Triển khai các chương trình lãnh đạo trẻ và học bổng Mê Công – Hoa Kỳ",
        "US",
        "2026",
    ),
    (
        "4.1.2",
        "Offer technical and vocational training on the digital economy",
        "Đào tạo kỹ thuật và nghề về kinh tế số",
        "VN",
        "2026",
    ),
]

RETURNED = {
    ("2.1.1", "PH"): "Please give the date the amended nuclear safety law entered into force (illustrative).",
    ("3.2.2", "ID"): "Please say which monitoring stations already share data, and since when (illustrative).",
    ("4.1.2", "VN"): "Please attach the signed additional protocol or say when signature is expected (illustrative).",
}
SEANWFZ_CONCLUSIONS_EN = (
    "The Executive Committee reviewed the implementation of the Plan of Action in 2024 on the basis of the "
    "compiled reports of the States Parties. It noted progress in nuclear safety and emergency preparedness, "
    "urged States Parties to complete the overdue action lines 1.2.2 and 4.2.2, asked those that have not "
    "reported to do so by the next review, and recommended that the Commission add an action line on "
    "participation in the IAEA's emergency exercises (3.1.3). (Illustrative text.)"
)
SEANWFZ_CONCLUSIONS_VI = (
    "Ủy ban Điều hành đã rà soát việc thực hiện Kế hoạch hành động năm 2024 trên cơ sở báo cáo tổng hợp của "
    "các Quốc gia thành viên; ghi nhận tiến triển về an toàn hạt nhân và chuẩn bị ứng phó sự cố; đề nghị các "
    "Quốc gia thành viên hoàn thành các dòng hành động quá hạn 1.2.2 và 4.2.2; đề nghị các nước chưa báo cáo "
    "gửi báo cáo trước kỳ rà soát tới; và khuyến nghị Ủy ban bổ sung dòng hành động 3.1.3 về tham gia các "
    "cuộc diễn tập ứng phó sự cố của IAEA. (Văn bản minh họa.)"
)


def outline_csv(outline: list[tuple[str, str, str, str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["number", "title_en", "title_vi", "lead", "target_year", "indicator_en"])
    for number, title_en, title_vi, lead, target in outline:
        action = number.count(".") == 2
        writer.writerow(
            [
                number,
                title_en + (ILLUSTRATIVE if action else ""),
                title_vi + (ILLUSTRATIVE_VI if action else ""),
                lead,
                target,
                "Reported by each State Party (illustrative)" if action else "",
            ]
        )
    return buffer.getvalue()
