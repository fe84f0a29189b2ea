// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Test} from "forge-std/Test.sol";
import {Vm} from "forge-std/Vm.sol";
import {
    ILayerZeroEndpointV2,
    Origin
} from "@layerzerolabs/lz-evm-protocol-v2/contracts/interfaces/ILayerZeroEndpointV2.sol";
import {PacketV1Codec} from "@layerzerolabs/lz-evm-protocol-v2/contracts/messagelib/libs/PacketV1Codec.sol";

/// @dev The receive library's DVN entry points (ReceiveUln302 is deployed from LayerZero's artifact).
interface IReceiveUln302 {
    function verify(bytes calldata packetHeader, bytes32 payloadHash, uint64 confirmations) external;
    function commitVerification(bytes calldata packetHeader, bytes32 payloadHash) external;
}

/// @dev The devnet's system exactly as the one deploy path plans it (packages/contracts/src/deploy):
///      `pnpm build` writes the devnet plan to packages/contracts/src/generated/forge-system.json, and
///      this fixture replays it transaction by transaction, every chain in this one EVM (each chain
///      has its own deployer, so addresses do not collide). LayerZero's own stack, the wiring, the
///      limits and the timelock handover are the devnet's; nothing here describes the system again.
///      Messages cross through ULN302: both DVNs verify, the packet is committed, then executed.
abstract contract DeployedSystem is Test {
    using PacketV1Codec for bytes;

    string internal constant PLAN = "../packages/contracts/src/generated/forge-system.json";
    /// @dev The plan's beacon genesis is 1_700_000_000; the tests start well after it.
    uint256 internal constant FORGE_START = 1_750_000_000;
    bytes32 internal constant PACKET_SENT = keccak256("PacketSent(bytes,bytes,address)");

    string[] internal chainNames;
    mapping(string chain => mapping(string name => address)) private deployed;
    mapping(string chain => address) internal deployerOf;
    mapping(string chain => uint32) internal eidOf;
    mapping(uint32 eid => string chain) private chainOfEid;

    function _deploySystem() internal {
        vm.warp(FORGE_START);
        string memory plan = vm.readFile(PLAN);
        chainNames = vm.parseJsonStringArray(plan, ".chains");
        for (uint256 i; i < chainNames.length; ++i) {
            _replay(plan, chainNames[i]);
        }
    }

    function _replay(string memory plan, string memory chain) private {
        string memory at = string.concat(".", chain);
        address deployer = vm.parseJsonAddress(plan, string.concat(at, ".deployer"));
        address[] memory to = vm.parseJsonAddressArray(plan, string.concat(at, ".to"));
        address[] memory creates = vm.parseJsonAddressArray(plan, string.concat(at, ".creates"));
        uint256[] memory values = vm.parseJsonUintArray(plan, string.concat(at, ".values"));
        bytes[] memory data = vm.parseJsonBytesArray(plan, string.concat(at, ".data"));
        deployerOf[chain] = deployer;
        eidOf[chain] = uint32(vm.parseJsonUint(plan, string.concat(at, ".eid")));
        chainOfEid[eidOf[chain]] = chain;
        uint256 funds;
        for (uint256 i; i < values.length; ++i) {
            funds += values[i];
        }
        vm.deal(deployer, funds);
        for (uint256 i; i < data.length; ++i) {
            bytes memory payload = data[i];
            uint256 value = values[i];
            vm.prank(deployer);
            if (to[i] == address(0)) {
                address created;
                assembly {
                    created := create(value, add(payload, 0x20), mload(payload))
                }
                assertEq(created, creates[i], string.concat(chain, ": a creation landed off its planned address"));
            } else {
                (bool ok, bytes memory returned) = to[i].call{value: value}(payload);
                if (!ok) {
                    assembly {
                        revert(add(returned, 0x20), mload(returned))
                    }
                }
                // On a chain every call is a transaction of its own: it uses up a nonce the plan counted.
                vm.setNonce(deployer, vm.getNonce(deployer) + 1);
            }
        }
        string[] memory names = vm.parseJsonKeys(plan, string.concat(at, ".contracts"));
        for (uint256 i; i < names.length; ++i) {
            deployed[chain][names[i]] = vm.parseJsonAddress(plan, string.concat(at, ".contracts.", names[i]));
        }
    }

    /// @dev A contract of the plan, by chain and manifest name.
    function _contract(string memory chain, string memory name) internal view returns (address contractAddress) {
        contractAddress = deployed[chain][name];
        require(contractAddress != address(0), string.concat("the plan deploys no ", name, " on ", chain));
    }

    /// @dev Every packet sent since the last `vm.recordLogs()`, in order.
    function _sentPackets() internal returns (bytes[] memory packets) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        uint256 count;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] == PACKET_SENT) ++count;
        }
        packets = new bytes[](count);
        count = 0;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] == PACKET_SENT) (packets[count++],,) = abi.decode(logs[i].data, (bytes, bytes, address));
        }
    }

    /// @dev `dvns` of the destination's DVNs verify `packet`, then anyone commits it.
    function _verify(bytes memory packet, string[] memory dvns) internal {
        (IReceiveUln302 receiveLibrary, bytes memory header, bytes32 payloadHash) = _attest(packet, dvns);
        receiveLibrary.commitVerification(header, payloadHash);
    }

    /// @dev `dvns` of the destination's DVNs verify `packet` in its receive library; nothing is committed.
    function _attest(bytes memory packet, string[] memory dvns)
        internal
        returns (IReceiveUln302 receiveLibrary, bytes memory header, bytes32 payloadHash)
    {
        (header, payloadHash,,,) = this.partsOf(packet);
        string memory chain = chainOfEid[this.dstEidOf(packet)];
        receiveLibrary = IReceiveUln302(_contract(chain, "ReceiveUln302"));
        for (uint256 i; i < dvns.length; ++i) {
            vm.prank(_contract(chain, dvns[i]));
            receiveLibrary.verify(header, payloadHash, 1);
        }
    }

    /// @dev What the devnet's workers do with a packet: both DVNs verify, then it is executed.
    function _deliver(bytes memory packet) internal {
        _verifyByBoth(packet);
        _execute(packet);
    }

    /// @dev Both of the destination's DVNs verify `packet`, then it is committed.
    function _verifyByBoth(bytes memory packet) internal {
        _verify(packet, _bothDvns());
    }

    /// @dev Both DVNs attest `packet` (it was really sent), and committing it reverts with `reason`.
    function _expectCommitRefused(bytes memory packet, bytes memory reason) internal {
        (IReceiveUln302 receiveLibrary, bytes memory header, bytes32 payloadHash) = _attest(packet, _bothDvns());
        vm.expectRevert(reason);
        receiveLibrary.commitVerification(header, payloadHash);
    }

    /// @dev The plan's two DVNs on every pathway, by manifest name.
    function _bothDvns() private pure returns (string[] memory both) {
        both = new string[](2);
        both[0] = "DVN1";
        both[1] = "DVN2";
    }

    /// @dev The executor's part: the destination endpoint delivers a committed `packet`.
    function _execute(bytes memory packet) internal {
        _execute(packet, gasleft());
    }

    /// @dev The same with `gasLimit` for the receive, as an executor gives what the options ask.
    function _execute(bytes memory packet, uint256 gasLimit) internal {
        (,, Origin memory origin, address receiver, bytes32 guid) = this.partsOf(packet);
        bytes memory message = this.messageOf(packet);
        _endpointOf(this.dstEidOf(packet)).lzReceive{gas: gasLimit}(origin, receiver, guid, message, "");
    }

    /// @dev The EndpointV2 of the chain with endpoint id `eid`.
    function _endpointOf(uint32 eid) internal view returns (ILayerZeroEndpointV2) {
        return ILayerZeroEndpointV2(_contract(chainOfEid[eid], "EndpointV2"));
    }

    /// @dev Delivers every packet sent since the last `vm.recordLogs()`.
    function _deliverAll() internal {
        bytes[] memory packets = _sentPackets();
        for (uint256 i; i < packets.length; ++i) {
            _deliver(packets[i]);
        }
    }

    // PacketV1Codec reads calldata: these run as external calls on this contract.

    function partsOf(bytes calldata packet)
        external
        pure
        returns (bytes memory header, bytes32 payloadHash, Origin memory origin, address receiver, bytes32 guid)
    {
        header = packet.header();
        payloadHash = packet.payloadHash();
        origin = Origin(packet.srcEid(), packet.sender(), packet.nonce());
        receiver = packet.receiverB20();
        guid = packet.guid();
    }

    function dstEidOf(bytes calldata packet) external pure returns (uint32) {
        return packet.dstEid();
    }

    function messageOf(bytes calldata packet) external pure returns (bytes memory) {
        return packet.message();
    }
}
