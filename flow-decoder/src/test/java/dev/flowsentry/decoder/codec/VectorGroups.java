package dev.flowsentry.decoder.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The vectors in the order their suites feed them (templates before data), one list a group. */
final class VectorGroups {

    private static final String L = "logstash-codec-netflow/";
    private static final String P = "python-netflow-v9-softflowd/";

    static final List<List<String>> ALL = build();

    /**
     * Datagrams where tshark 4.x and the decoder list a different number of flows, with why. Each
     * is checked by value in {@link VectorConformanceTest}.
     */
    static final Map<String, String> TSHARK_DIFFERS =
            Map.of(
                    L + "netflow9_test_h3c_data3281.dat",
                    "tshark 4.0 reports the record as malformed: a field it reads as an IPv4"
                            + " address has 2 bytes in H3C's template",
                    L + "netflow9_test_invalid01.dat",
                    "tshark, like logstash, stops at the 22-byte options template set (not a"
                            + " multiple of 4) and misses the data sets after it");

    private VectorGroups() {}

    private static List<List<String>> build() {
        List<List<String>> groups = new ArrayList<>();
        logstash(groups, "netflow5.dat");
        logstash(groups, "netflow5_test_juniper_mx80.dat");
        logstash(groups, "netflow5_test_microtik.dat");
        logstash(groups, "netflow9_test_valid01.dat");
        logstash(groups, "netflow9_test_invalid01.dat");
        logstash(groups, "netflow9_cisco_asr1001x_tpl259.dat");
        logstash(groups, "netflow9_test_cisco_1941K9.dat");
        logstash(groups, "netflow9_test_0length_fields_tpl_data.dat");
        logstash(
                groups,
                "netflow9_test_cisco_aci_tpl256-258.dat",
                "netflow9_test_cisco_aci_data256.dat");
        logstash(groups, "netflow9_test_cisco_asa_1_tpl.dat", "netflow9_test_cisco_asa_1_data.dat");
        logstash(
                groups,
                "netflow9_test_cisco_asa_2_tpl_26x.dat",
                "netflow9_test_cisco_asa_2_tpl_27x.dat",
                "netflow9_test_cisco_asa_2_data.dat");
        logstash(
                groups,
                "netflow9_test_cisco_asr9k_tpl260.dat",
                "netflow9_test_cisco_asr9k_data260.dat");
        logstash(
                groups,
                "netflow9_test_cisco_nbar_tpl262.dat",
                "netflow9_test_cisco_nbar_data262.dat");
        logstash(
                groups,
                "netflow9_test_field_layer2segmentid_tpl.dat",
                "netflow9_test_field_layer2segmentid_data.dat");
        logstash(
                groups,
                "netflow9_test_fortigate_fortios_521_tpl.dat",
                "netflow9_test_fortigate_fortios_521_data256.dat",
                "netflow9_test_fortigate_fortios_521_data257.dat");
        logstash(
                groups,
                "netflow9_test_fortigate_fortios_542_appid_tpl258-269.dat",
                "netflow9_test_fortigate_fortios_542_appid_data258_262.dat");
        logstash(groups, "netflow9_test_h3c_tpl3281.dat", "netflow9_test_h3c_data3281.dat");
        logstash(
                groups,
                "netflow9_test_h3c_netstream_varstring_tpl3281.dat",
                "netflow9_test_h3c_netstream_varstring_data3281.dat");
        logstash(
                groups,
                "netflow9_test_huawei_netstream_tpl.dat",
                "netflow9_test_huawei_netstream_data.dat");
        logstash(groups, "netflow9_test_iptnetflow_reduced_size_encoding_tpldata260.dat");
        logstash(groups, "netflow9_test_macaddr_tpl.dat", "netflow9_test_macaddr_data.dat");
        logstash(groups, "netflow9_test_nprobe_dpi.dat");
        logstash(
                groups,
                "netflow9_test_nprobe_tpl.dat",
                "netflow9_test_softflowd_tpl_data.dat",
                "netflow9_test_nprobe_data.dat");
        logstash(
                groups,
                "netflow9_test_paloalto_81_tpl256-263.dat",
                "netflow9_test_paloalto_81_data257_1flowset_in_large_zerofilled_packet.dat");
        logstash(
                groups,
                "netflow9_test_paloalto_panos_tpl.dat",
                "netflow9_test_paloalto_panos_data.dat");
        logstash(
                groups,
                "netflow9_test_streamcore_tpl_data256.dat",
                "netflow9_test_streamcore_tpl_data260.dat");
        logstash(
                groups,
                "netflow9_test_ubnt_edgerouter_tpl.dat",
                "netflow9_test_ubnt_edgerouter_data1024.dat",
                "netflow9_test_ubnt_edgerouter_data1025.dat");
        logstash(groups, "netflow9_test_unknown_tpl266_292_data.dat");
        logstash(groups, "ipfix.dat");
        logstash(groups, "ipfix_test_barracuda_tpl.dat", "ipfix_test_barracuda_data256.dat");
        logstash(
                groups,
                "ipfix_test_barracuda_extended_uniflow_tpl256.dat",
                "ipfix_test_barracuda_extended_uniflow_data256.dat");
        logstash(groups, "ipfix_test_ixia_tpldata256.dat", "ipfix_test_ixia_tpldata271.dat");
        logstash(
                groups,
                "ipfix_test_mikrotik_tpl.dat",
                "ipfix_test_mikrotik_data258.dat",
                "ipfix_test_mikrotik_data259.dat");
        logstash(groups, "ipfix_test_netscaler_tpl.dat", "ipfix_test_netscaler_data.dat");
        logstash(groups, "ipfix_test_nokia_bras_tpl.dat", "ipfix_test_nokia_bras_data256.dat");
        logstash(groups, "ipfix_test_openbsd_pflow_tpl.dat", "ipfix_test_openbsd_pflow_data.dat");
        logstash(groups, "ipfix_test_procera_tpl52935.dat", "ipfix_test_procera_data52935.dat");
        logstash(groups, "ipfix_test_viptela_tpl257.dat", "ipfix_test_viptela_data257.dat");
        logstash(
                groups,
                "ipfix_test_vmware_vds_tpl.dat",
                "ipfix_test_vmware_vds_data264.dat",
                "ipfix_test_vmware_vds_data266.dat",
                "ipfix_test_vmware_vds_data266_267.dat");
        logstash(
                groups,
                "ipfix_test_yaf_tpls_option_tpl.dat",
                "ipfix_test_yaf_tpl45841.dat",
                "ipfix_test_yaf_data45841.dat",
                "ipfix_test_yaf_data45873.dat",
                "ipfix_test_yaf_data53248.dat");
        groups.add(List.of(P + "PACKET_V5.bin"));
        groups.add(
                List.of(
                        P + "PACKET_V9_TEMPLATE.bin",
                        P + "PACKETS_V9_0.bin",
                        P + "PACKETS_V9_1.bin",
                        P + "PACKETS_V9_2.bin"));
        groups.add(List.of(P + "PACKET_IPFIX_TEMPLATE.bin", P + "PACKET_IPFIX.bin"));
        groups.add(List.of(P + "PACKET_IPFIX_TEMPLATE_ETHER.bin", P + "PACKET_IPFIX_ETHER.bin"));
        groups.add(List.of(P + "PACKET_IPFIX_PADDING.bin"));
        groups.add(List.of("goflow2/nfv5_TestDecodeNetFlowV5_data_0.bin"));
        groups.add(
                List.of(
                        "goflow2/nfv9_TestDecodeNetFlowV9_template_0.bin",
                        "goflow2/nfv9_TestDecodeNetFlowV9_data_1.bin"));
        groups.add(List.of("vflow/v5test_top_TestV5FlowPacket_0.bin"));
        return groups;
    }

    private static void logstash(List<List<String>> groups, String... files) {
        List<String> group = new ArrayList<>();
        for (String file : files) {
            group.add(L + file);
        }
        groups.add(group);
    }
}
