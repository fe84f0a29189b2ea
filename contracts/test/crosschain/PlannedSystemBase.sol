// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Vm} from "forge-std/Vm.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IOAppOptionsType3} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/interfaces/IOAppOptionsType3.sol";
import {IMessagingComposer} from "@layerzerolabs/lz-evm-protocol-v2/contracts/interfaces/IMessagingComposer.sol";

import {TrETH} from "../../src/hub/TrETH.sol";
import {TrETHAdapter} from "../../src/hub/TrETHAdapter.sol";
import {RateBroadcaster} from "../../src/hub/RateBroadcaster.sol";
import {BackingLedger} from "../../src/hub/BackingLedger.sol";
import {LocalBridgeHub} from "../../src/local/LocalBridgeHub.sol";
import {LocalSpokeBridge} from "../../src/local/LocalSpokeBridge.sol";
import {TrETHOFT} from "../../src/spoke/TrETHOFT.sol";
import {RateReceiver} from "../../src/spoke/RateReceiver.sol";
import {SpokePool} from "../../src/spoke/SpokePool.sol";
import {ITributaryOracle} from "../../src/shared/interfaces/ITributaryOracle.sol";
import {OracleReport} from "../../src/shared/types/OracleReport.sol";
import {DeployedSystem} from "../utils/DeployedSystem.sol";
import {CrossChainActions} from "./CrossChainActions.sol";

/// @dev The cross-chain suites' system is the devnet's, replayed from the deploy plan (DeployedSystem):
///      LayerZero's EndpointV2/ULN302, two DVNs, the plan's wiring, limits and economics, every owned
///      contract held by its chain's timelock. Packets wait in flight until a test delivers them; the
///      hub rate moves by oracle reports at the plan's frame refSlots, within its sanity limits.
abstract contract PlannedSystemBase is DeployedSystem, CrossChainActions {
    uint32 internal immutable HUB_EID = _planEid("hub");
    uint32 internal immutable ALPHA_EID = _planEid("alpha");
    uint32 internal immutable BETA_EID = _planEid("beta");

    /// @dev The values the plan was built from (config/wiring.json).
    string private wiring = vm.readFile("config/wiring.json");
    uint16 internal immutable SPOKE_FEE_BPS = uint16(vm.parseJsonUint(wiring, ".spokePool.feeBps"));
    uint32 internal immutable MAX_RATE_AGE = uint32(vm.parseJsonUint(wiring, ".spokePool.maxRateAge"));
    /// @dev OFTCore's message types: a plain send, and a send with a compose message.
    uint16 internal constant OFT_SEND = 1;
    uint16 internal constant OFT_SEND_AND_CALL = 2;
    /// @dev LayerZero's executor options: the executor's worker id, and its receive and compose options.
    uint8 private constant EXECUTOR_WORKER_ID = 1;
    uint8 private constant LZ_RECEIVE_OPTION = 1;
    uint8 private constant LZ_COMPOSE_OPTION = 3;

    /// @dev A sent packet and the executor options it carries.
    struct InFlight {
        bytes packet;
        bytes options;
    }

    TrETH internal trETH;

    InFlight[] private inFlight;
    /// @dev The refSlot of the last report applied, so the next one lands in a later frame.
    uint256 private lastRefSlot;

    function setUp() public virtual {
        _deploySystem();
        trETH = TrETH(payable(_contract("hub", "TrETH")));
        adapter = TrETHAdapter(_contract("hub", "TrETHAdapter"));
        broadcaster = RateBroadcaster(_contract("hub", "RateBroadcaster"));
        ledger = BackingLedger(_contract("hub", "BackingLedger"));
        hubBridge = LocalBridgeHub(payable(_contract("hub", "LocalBridgeHub")));
        alpha = _spoke("alpha");
        beta = _spoke("beta");
        vm.deal(alice, 1_000 ether);
        vm.deal(bob, 1_000 ether);
        _stakeBeaconBase();
        // From here every sent packet is recorded, and waits until a test delivers it. (A test that
        // calls vm.recordLogs or vm.getRecordedLogs itself takes what was sent before it first.)
        vm.recordLogs();
    }

    function _hubToken() internal view override returns (TrETH) {
        return trETH;
    }

    function _planEid(string memory chain) private view returns (uint32) {
        return uint32(vm.parseJsonUint(vm.readFile(PLAN), string.concat(".", chain, ".eid")));
    }

    function _spoke(string memory chain) private view returns (Spoke memory spoke) {
        spoke.eid = eidOf[chain];
        spoke.token = TrETHOFT(_contract(chain, "TrETH"));
        spoke.receiver = RateReceiver(_contract(chain, "RateReceiver"));
        spoke.pool = SpokePool(payable(_contract(chain, "SpokePool")));
        spoke.bridge = LocalSpokeBridge(payable(_contract(chain, "BridgeAdapter")));
    }

    /// @dev The plan hands every owned contract to its chain's timelock: the next call comes from it.
    function _prankOwner(address owned) internal {
        address owner = Ownable(owned).owner();
        bool isTimelock;
        for (uint256 i; i < chainNames.length; ++i) {
            isTimelock = isTimelock || owner == _contract(chainNames[i], "Timelock");
        }
        assertTrue(isTimelock, "owned by a timelock");
        vm.prank(owner);
    }

    // ---------------------------------------------------------------- packets in flight

    /// @dev Moves the packets sent since the last look into the in-flight list, in send order.
    function _collect() private {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] != PACKET_SENT) continue;
            (bytes memory packet, bytes memory options,) = abi.decode(logs[i].data, (bytes, bytes, address));
            inFlight.push(InFlight(packet, options));
        }
    }

    /// @dev Removes every in-flight packet for `receiver` on `dstEid`, oldest first, without verifying
    ///      it, so a test can verify and execute them in any order it likes.
    function _takePackets(uint32 dstEid, address receiver)
        internal
        returns (bytes[] memory packets, bytes[] memory options)
    {
        _collect();
        InFlight[] memory all = inFlight;
        delete inFlight;
        uint256 count;
        for (uint256 i; i < all.length; ++i) {
            if (_isFor(all[i].packet, dstEid, receiver)) ++count;
        }
        packets = new bytes[](count);
        options = new bytes[](count);
        count = 0;
        for (uint256 i; i < all.length; ++i) {
            if (_isFor(all[i].packet, dstEid, receiver)) {
                (packets[count], options[count]) = (all[i].packet, all[i].options);
                ++count;
            } else {
                inFlight.push(all[i]);
            }
        }
    }

    function _isFor(bytes memory packet, uint32 dstEid, address receiver) private view returns (bool) {
        (,,, address to,) = this.partsOf(packet);
        return this.dstEidOf(packet) == dstEid && to == receiver;
    }

    /// @dev Both DVNs verify, and the executor delivers, every in-flight packet for `receiver`.
    function _deliverTo(uint32 dstEid, address receiver) internal {
        (bytes[] memory packets,) = _takePackets(dstEid, receiver);
        for (uint256 i; i < packets.length; ++i) {
            _deliver(packets[i]);
        }
    }

    // ---------------------------------------------------------------- executor gas

    /// @dev The gas an executor gives a packet's receive and its compose (index 0), as type-3
    ///      `options` ask: each is the sum of its options, so a sender's extra adds to the enforced.
    function executorGasOf(bytes calldata options) external pure returns (uint256 receiveGas, uint256 composeGas) {
        require(uint16(bytes2(options[:2])) == 3, "not type-3 options");
        uint256 cursor = 2;
        while (cursor < options.length) {
            // worker id (1 byte), size (2 bytes, the option type included), option type (1 byte), option
            uint256 size = uint16(bytes2(options[cursor + 1:cursor + 3]));
            bytes calldata option = options[cursor + 4:cursor + 3 + size];
            if (uint8(options[cursor]) == EXECUTOR_WORKER_ID) {
                uint8 optionType = uint8(options[cursor + 3]);
                if (optionType == LZ_RECEIVE_OPTION) receiveGas += uint128(bytes16(option[:16]));
                if (optionType == LZ_COMPOSE_OPTION && uint16(bytes2(option[:2])) == 0) {
                    composeGas += uint128(bytes16(option[2:18]));
                }
            }
            cursor += 3 + size;
        }
    }

    /// @dev The receive and compose gas `oapp` enforces on its `msgType` messages to `dstEid`.
    function _enforcedGas(address oapp, uint32 dstEid, uint16 msgType)
        internal
        view
        returns (uint256 receiveGas, uint256 composeGas)
    {
        (receiveGas, composeGas) = this.executorGasOf(IOAppOptionsType3(oapp).combineOptions(dstEid, msgType, ""));
        assertGt(receiveGas, 0, "no enforced receive gas");
    }

    /// @dev The first compose the endpoint queued in `logs` (the ComposeSent event).
    function _composeSent(Vm.Log[] memory logs)
        internal
        pure
        returns (address from, address to, bytes32 guid, bytes memory message)
    {
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] == IMessagingComposer.ComposeSent.selector) {
                (from, to, guid,, message) = abi.decode(logs[i].data, (address, address, bytes32, uint16, bytes));
                return (from, to, guid, message);
            }
        }
        revert("no ComposeSent");
    }

    /// @dev The executor's part for a queued compose: `dstEid`'s endpoint calls the composer with `gasLimit`.
    function _executeCompose(
        uint32 dstEid,
        address from,
        address to,
        bytes32 guid,
        bytes memory message,
        uint256 gasLimit
    ) internal {
        _endpointOf(dstEid).lzCompose{gas: gasLimit}(from, to, guid, 0, message, "");
    }

    // ---------------------------------------------------------------- hub oracle reports

    /// @dev A staker's 32 ETH become a validator (the pool's keeper is the deposit security module),
    ///      reported at exactly 32 ETH: the rate is unchanged, and rewards now have a consensus-layer
    ///      base for the checker's annual bound (growth from a zero base is refused).
    function _stakeBeaconBase() private {
        address staker = makeAddr("staker");
        vm.deal(staker, 32 ether);
        vm.prank(staker);
        trETH.depositETH{value: 32 ether}(staker, 0);
        uint256 rate = trETH.getRate();
        _stake(1);
        assertEq(trETH.getRate(), rate, "staking base moved the rate");
    }

    /// @dev The keeper stakes up to `validators` of buffered ETH, and the next report shows them at
    ///      32 ETH each (it counts the withdrawal vault too, as every report does).
    function _stake(uint256 validators) internal returns (uint256 count) {
        vm.prank(_contract("hub", "DepositSecurityModule"));
        count = trETH.depositBufferedEther(validators);
        (, uint256 beaconValidators,, uint256 beaconBalance) = trETH.beaconStats();
        _report(beaconValidators + count, beaconBalance + count * 32 ether);
    }

    /// @dev What the plan's TributaryOracle hands the pool once its members agree: a report for the
    ///      current frame's refSlot (the clock moves on a frame if that one is already reported),
    ///      with the withdrawal vault's whole balance.
    function _report(uint256 beaconValidators, uint256 beaconBalance) private {
        ITributaryOracle oracle = ITributaryOracle(_contract("hub", "TributaryOracle"));
        ITributaryOracle.FrameConfig memory frame = oracle.frameConfig();
        while (oracle.currentRefSlot() <= lastRefSlot) {
            vm.warp(block.timestamp + frame.secondsPerSlot * frame.slotsPerFrame);
        }
        lastRefSlot = oracle.currentRefSlot();
        (,, uint256 exited,) = trETH.beaconStats();
        OracleReport memory report = OracleReport(
            uint64(lastRefSlot),
            uint64(beaconValidators),
            uint64(exited),
            uint128(beaconBalance),
            uint128(address(trETH.WITHDRAWAL_VAULT()).balance),
            0
        );
        vm.prank(address(oracle));
        trETH.handleOracleReport(report);
    }

    /// @dev `amount` of rewards skimmed to the withdrawal vault, then a report (beacon unchanged). The
    ///      plan's checker counts what its annual bound allows; the rest waits for later reports.
    function _reportRewards(uint256 amount) internal {
        (, uint256 beaconValidators,, uint256 beaconBalance) = trETH.beaconStats();
        address vault = address(trETH.WITHDRAWAL_VAULT());
        vm.deal(vault, vault.balance + amount);
        _report(beaconValidators, beaconBalance);
    }

    /// @dev Rewards over `reports` oracle reports, each `gap` after the last, so that the checker's
    ///      annual bound counts enough for every report to raise the rate by the plan's per-report
    ///      cap (the smaller of the rebase limit and the instant-exit fee: 0.075%, under the spokes'
    ///      0.1% fee, so only several reports between pricing and backing leave a batch short).
    function _raiseRate(uint256 reports, uint256 gap) internal {
        for (uint256 i; i < reports; ++i) {
            uint256 before = trETH.getRate();
            vm.warp(block.timestamp + gap);
            _reportRewards(1 ether);
            assertGt(trETH.getRate(), before, "report did not raise the rate");
        }
    }

    /// @dev Delivers every in-flight rate update for `spoke`.
    function _deliver(Spoke memory spoke) internal override {
        _deliverTo(spoke.eid, address(spoke.receiver));
    }

    /// @dev Delivers every in-flight BATCH packet to the ledger, oldest first.
    function _deliverBatches() internal {
        _deliverTo(HUB_EID, address(ledger));
    }

    // ---------------------------------------------------------------- an invariant handler's hooks

    // Each handler call is a transaction of its own: the handler records its logs itself and hands
    // over what it sent before it returns, so packets stay in flight across calls.

    /// @dev Moves the packets sent since the caller's `vm.recordLogs()` into the in-flight list.
    function collectSent() external {
        _collect();
    }

    /// @dev `_takePackets` for a handler: the in-flight packets for `receiver` on `dstEid`, oldest first.
    function takePackets(uint32 dstEid, address receiver) external returns (bytes[] memory packets) {
        (packets,) = _takePackets(dstEid, receiver);
    }

    /// @dev Both DVNs verify `packet`, and it is committed.
    function verifyByBoth(bytes calldata packet) external {
        _verifyByBoth(packet);
    }

    /// @dev The executor delivers a committed `packet` with `gasLimit` for the receive.
    function execute(bytes calldata packet, uint256 gasLimit) external {
        _execute(packet, gasLimit);
    }

    /// @dev `_deliverTo` for a handler.
    function deliverTo(uint32 dstEid, address receiver) external {
        _deliverTo(dstEid, receiver);
    }

    /// @dev `_stake` for a handler.
    function stake(uint256 validators) external {
        _stake(validators);
    }

    /// @dev `_reportRewards` for a handler.
    function reportRewards(uint256 amount) external {
        _reportRewards(amount);
    }

    /// @dev A report of a consensus-layer loss of `amount` (the plan's checker refuses a drop over
    ///      its per-report limit, so a handler bounds it).
    function reportLoss(uint256 amount) external {
        (, uint256 beaconValidators,, uint256 beaconBalance) = trETH.beaconStats();
        _report(beaconValidators, beaconBalance - amount);
    }
}
