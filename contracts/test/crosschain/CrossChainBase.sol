// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {TestHelperOz5} from "@layerzerolabs/test-devtools-evm-foundry/contracts/TestHelperOz5.sol";
import {DoubleEndedQueue} from "@openzeppelin/contracts/utils/structs/DoubleEndedQueue.sol";
import {OptionsBuilder} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/libs/OptionsBuilder.sol";
import {
    IOAppOptionsType3,
    EnforcedOptionParam
} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/interfaces/IOAppOptionsType3.sol";
import {Origin} from "@layerzerolabs/lz-evm-protocol-v2/contracts/interfaces/ILayerZeroEndpointV2.sol";
import {PacketV1Codec} from "@layerzerolabs/lz-evm-protocol-v2/contracts/messagelib/libs/PacketV1Codec.sol";

import {TrETH} from "../../src/hub/TrETH.sol";
import {HubFixture} from "../hub/harness/HubFixture.sol";
import {TrETHAdapter} from "../../src/hub/TrETHAdapter.sol";
import {RateBroadcaster} from "../../src/hub/RateBroadcaster.sol";
import {TrETHOFT} from "../../src/spoke/TrETHOFT.sol";
import {RateReceiver} from "../../src/spoke/RateReceiver.sol";
import {SpokePool} from "../../src/spoke/SpokePool.sol";
import {RateLimiter} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/utils/RateLimiter.sol";
import {OutboundRateLimiter} from "../../src/shared/oft/OutboundRateLimiter.sol";
import {IInboundRateLimiter} from "../../src/shared/interfaces/IInboundRateLimiter.sol";
import {BackingLedger} from "../../src/hub/BackingLedger.sol";
import {LocalBridgeHub} from "../../src/hub/bridge/LocalBridgeHub.sol";
import {LocalSpokeBridge} from "../../src/spoke/bridge/LocalSpokeBridge.sol";
import {IBatchReceiver} from "../../src/shared/interfaces/IBatchReceiver.sol";
import {CrossChainActions} from "./CrossChainActions.sol";

/// @dev One hub and two spokes on three LayerZero endpoints (ULN 302 with a DVN and an executor)
///      inside one EVM. The test contract owns every LayerZero contract, as a deployer would before
///      handing ownership to a multisig; the hub rate moves by oracle reports (`_reportRewards`).
abstract contract CrossChainBase is TestHelperOz5, HubFixture, CrossChainActions {
    using OptionsBuilder for bytes;
    using DoubleEndedQueue for DoubleEndedQueue.Bytes32Deque;
    using PacketV1Codec for bytes;

    uint32 internal constant HUB_EID = 1;
    uint32 internal constant ALPHA_EID = 2;
    uint32 internal constant BETA_EID = 3;

    /// @dev Wiring values shared with the devnet deploy (config/wiring.json).
    string private wiring = vm.readFile("config/wiring.json");
    uint128 internal immutable RATE_RECEIVE_GAS = uint128(vm.parseJsonUint(wiring, ".enforcedReceiveGas.rateUpdate"));
    uint128 internal immutable OFT_RECEIVE_GAS = uint128(vm.parseJsonUint(wiring, ".enforcedReceiveGas.oftCredit"));
    /// @dev A composed send (SEND_AND_CALL): lzReceive gas for the credit and the compose queueing,
    ///      and lzCompose gas for the composer.
    uint128 internal immutable OFT_COMPOSE_RECEIVE_GAS =
        uint128(vm.parseJsonUint(wiring, ".enforcedReceiveGas.oftCompose"));
    uint128 internal immutable OFT_COMPOSE_GAS = uint128(vm.parseJsonUint(wiring, ".enforcedComposeGas.oftCompose"));
    uint16 internal immutable SPOKE_FEE_BPS = uint16(vm.parseJsonUint(wiring, ".spokePool.feeBps"));
    uint32 internal immutable MAX_RATE_AGE = uint32(vm.parseJsonUint(wiring, ".spokePool.maxRateAge"));
    uint256 internal immutable MINT_CAP = vm.parseJsonUint(wiring, ".spokePool.mintCap");
    uint32 internal immutable MINT_PERIOD = uint32(vm.parseJsonUint(wiring, ".spokePool.mintPeriod"));
    uint256 internal immutable MAX_PENDING_SHARES = vm.parseJsonUint(wiring, ".spokePool.maxPendingShares");
    uint256 internal immutable OFT_LIMIT = vm.parseJsonUint(wiring, ".oftRateLimit.limit");
    uint256 internal immutable OFT_WINDOW = vm.parseJsonUint(wiring, ".oftRateLimit.window");
    uint88 internal immutable OFT_INBOUND_LIMIT = uint88(vm.parseJsonUint(wiring, ".oftInboundRateLimit.limit"));
    uint32 internal immutable OFT_INBOUND_WINDOW = uint32(vm.parseJsonUint(wiring, ".oftInboundRateLimit.window"));
    uint16 internal immutable MAX_INCREASE_BPS = uint16(vm.parseJsonUint(wiring, ".rateReceiver.maxIncreaseBps"));
    uint16 internal immutable MAX_DECREASE_BPS = uint16(vm.parseJsonUint(wiring, ".rateReceiver.maxDecreaseBps"));
    uint16 internal immutable MAX_ANNUAL_GROWTH_BPS =
        uint16(vm.parseJsonUint(wiring, ".rateReceiver.maxAnnualGrowthBps"));
    uint128 internal immutable BATCH_RECEIVE_GAS = uint128(vm.parseJsonUint(wiring, ".enforcedReceiveGas.batch"));
    uint128 internal immutable HALT_RECEIVE_GAS = uint128(vm.parseJsonUint(wiring, ".enforcedReceiveGas.halt"));
    uint128 internal immutable MAX_IN_TRANSIT = uint128(vm.parseJsonUint(wiring, ".backingLedger.maxInTransit"));
    uint256 internal immutable UNBACKED_THRESHOLD = vm.parseJsonUint(wiring, ".backingLedger.unbackedThreshold");
    /// @dev ETH the hub half of the devnet bridge starts with: it pays landings out of it.
    uint256 internal constant BRIDGE_LIQUIDITY = 100_000 ether;
    /// @dev OFTCore's message types: a plain send, and a send with a compose message.
    uint16 internal constant OFT_SEND = 1;
    uint16 internal constant OFT_SEND_AND_CALL = 2;

    /// @dev Watches LocalSpokeBridge events and calls LocalBridgeHub.deliver.
    address internal relayer = makeAddr("relayer");

    function _hubToken() internal view override returns (TrETH) {
        return trETH;
    }

    function setUp() public virtual override {
        // Start at a realistic time so rate ages are not measured from zero.
        vm.warp(1_750_000_000);
        super.setUp();
        setUpEndpoints(3, LibraryType.UltraLightNode);

        // The hub pool starts at 100 ETH (the seed) with no fee, so tests can reason in round numbers.
        _deployHub(100 ether, 0, 0);
        // One validator staked from the seed: rewards need a consensus-layer base to be bounded.
        _stakeBeaconBase();
        adapter = new TrETHAdapter(address(trETH), endpoints[HUB_EID], address(this));
        broadcaster = new RateBroadcaster(trETH, endpoints[HUB_EID], address(this));
        ledger = new BackingLedger(trETH, address(adapter), endpoints[HUB_EID], address(this));
        hubBridge = new LocalBridgeHub(IBatchReceiver(address(ledger)), address(this));
        vm.prank(hubAdmin);
        trETH.setBackingLedger(address(ledger));
        hubBridge.setRelayer(relayer);
        vm.deal(address(this), address(this).balance + BRIDGE_LIQUIDITY);
        hubBridge.fund{value: BRIDGE_LIQUIDITY}();
        alpha = _deploySpoke(ALPHA_EID);
        beta = _deploySpoke(BETA_EID);

        // Rate path: hub broadcaster <-> each receiver only (receivers never talk to each other).
        _wirePair(address(broadcaster), address(alpha.receiver));
        _wirePair(address(broadcaster), address(beta.receiver));
        // Token path: full mesh, so trETH also moves spoke to spoke.
        address[] memory tokens = new address[](3);
        tokens[0] = address(adapter);
        tokens[1] = address(alpha.token);
        tokens[2] = address(beta.token);
        wireOApps(tokens);

        _setRateEnforcedOptions();
        _setOftEnforcedOptions(address(adapter), ALPHA_EID, BETA_EID);
        _setOftEnforcedOptions(address(alpha.token), HUB_EID, BETA_EID);
        _setOftEnforcedOptions(address(beta.token), HUB_EID, ALPHA_EID);
        // Outbound limits: an unconfigured destination refuses sends.
        _setOftRateLimits(address(adapter), ALPHA_EID, BETA_EID);
        _setOftRateLimits(address(alpha.token), HUB_EID, BETA_EID);
        _setOftRateLimits(address(beta.token), HUB_EID, ALPHA_EID);
        // Inbound limits: an unconfigured source parks every credit.
        _setOftInboundLimits(address(adapter), ALPHA_EID, BETA_EID);
        _setOftInboundLimits(address(alpha.token), HUB_EID, BETA_EID);
        _setOftInboundLimits(address(beta.token), HUB_EID, ALPHA_EID);
        // Batch path: the ledger <-> each SpokePool.
        _wireBatchPath(alpha);
        _wireBatchPath(beta);
        ledger.setUnbackedThreshold(UNBACKED_THRESHOLD);

        vm.deal(alice, 1_000 ether);
        vm.deal(bob, 1_000 ether);
    }

    function _deploySpoke(uint32 eid) private returns (Spoke memory spoke) {
        spoke.eid = eid;
        spoke.token = new TrETHOFT(endpoints[eid], address(this));
        spoke.receiver =
            new RateReceiver(endpoints[eid], address(this), MAX_INCREASE_BPS, MAX_DECREASE_BPS, MAX_ANNUAL_GROWTH_BPS);
        spoke.pool = new SpokePool(
            spoke.token,
            address(spoke.receiver),
            endpoints[eid],
            HUB_EID,
            address(this),
            SpokePool.Limits(SPOKE_FEE_BPS, MAX_RATE_AGE, MINT_CAP, MINT_PERIOD, MAX_PENDING_SHARES)
        );
        spoke.token.setMinter(address(spoke.pool));
        spoke.receiver.setRateConsumer(address(spoke.pool));
        spoke.bridge = new LocalSpokeBridge(address(spoke.pool), address(hubBridge), eid);
        spoke.pool.setBridgeAdapter(spoke.bridge);
    }

    /// @dev Peers, enforced receive gas both ways (BATCH towards the hub, HALT towards the spoke) and
    ///      the ledger's record of the spoke with the LocalBridgeHub as its bridge receiver.
    function _wireBatchPath(Spoke memory spoke) private {
        _wirePair(address(ledger), address(spoke.pool));
        EnforcedOptionParam[] memory params = new EnforcedOptionParam[](1);
        params[0] = EnforcedOptionParam(
            HUB_EID, spoke.pool.MSG_BATCH(), OptionsBuilder.newOptions().addExecutorLzReceiveOption(BATCH_RECEIVE_GAS, 0)
        );
        spoke.pool.setEnforcedOptions(params);
        params[0] = EnforcedOptionParam(
            spoke.eid, ledger.MSG_HALT(), OptionsBuilder.newOptions().addExecutorLzReceiveOption(HALT_RECEIVE_GAS, 0)
        );
        ledger.setEnforcedOptions(params);
        ledger.setSpoke(spoke.eid, address(hubBridge), MAX_IN_TRANSIT);
    }

    function _wirePair(address a, address b) private {
        address[] memory pair = new address[](2);
        pair[0] = a;
        pair[1] = b;
        wireOApps(pair);
    }

    function _rateOptions() internal view returns (bytes memory) {
        return OptionsBuilder.newOptions().addExecutorLzReceiveOption(RATE_RECEIVE_GAS, 0);
    }

    function _setRateEnforcedOptions() private {
        EnforcedOptionParam[] memory params = new EnforcedOptionParam[](2);
        params[0] = EnforcedOptionParam(ALPHA_EID, broadcaster.MSG_RATE(), _rateOptions());
        params[1] = EnforcedOptionParam(BETA_EID, broadcaster.MSG_RATE(), _rateOptions());
        broadcaster.setEnforcedOptions(params);
    }

    function _oftComposeOptions() internal view returns (bytes memory) {
        return OptionsBuilder.newOptions().addExecutorLzReceiveOption(OFT_COMPOSE_RECEIVE_GAS, 0)
            .addExecutorLzComposeOption(0, OFT_COMPOSE_GAS, 0);
    }

    function _setOftEnforcedOptions(address oft, uint32 eidA, uint32 eidB) private {
        bytes memory options = OptionsBuilder.newOptions().addExecutorLzReceiveOption(OFT_RECEIVE_GAS, 0);
        EnforcedOptionParam[] memory params = new EnforcedOptionParam[](4);
        params[0] = EnforcedOptionParam(eidA, OFT_SEND, options);
        params[1] = EnforcedOptionParam(eidB, OFT_SEND, options);
        params[2] = EnforcedOptionParam(eidA, OFT_SEND_AND_CALL, _oftComposeOptions());
        params[3] = EnforcedOptionParam(eidB, OFT_SEND_AND_CALL, _oftComposeOptions());
        IOAppOptionsType3(oft).setEnforcedOptions(params);
    }

    function _setOftRateLimits(address oft, uint32 eidA, uint32 eidB) private {
        RateLimiter.RateLimitConfig[] memory configs = new RateLimiter.RateLimitConfig[](2);
        configs[0] = RateLimiter.RateLimitConfig(eidA, OFT_LIMIT, OFT_WINDOW);
        configs[1] = RateLimiter.RateLimitConfig(eidB, OFT_LIMIT, OFT_WINDOW);
        OutboundRateLimiter(oft).setRateLimits(configs);
    }

    function _setOftInboundLimits(address oft, uint32 eidA, uint32 eidB) private {
        IInboundRateLimiter.InboundLimitConfig[] memory configs = new IInboundRateLimiter.InboundLimitConfig[](2);
        configs[0] = IInboundRateLimiter.InboundLimitConfig(eidA, OFT_INBOUND_LIMIT, OFT_INBOUND_WINDOW);
        configs[1] = IInboundRateLimiter.InboundLimitConfig(eidB, OFT_INBOUND_LIMIT, OFT_INBOUND_WINDOW);
        IInboundRateLimiter(oft).setInboundLimits(configs);
    }

    // ---------------------------------------------------------------- rate path helpers

    function _deliver(Spoke memory spoke) internal override {
        verifyPackets(spoke.eid, addressToBytes32(address(spoke.receiver)));
    }

    /// @dev Removes every in-flight packet for `receiver` from the helper's queue, oldest first, so a
    ///      test can verify and execute them in any order it likes.
    function _takePackets(uint32 dstEid, address receiver)
        internal
        returns (bytes[] memory packetBytes, bytes[] memory options)
    {
        DoubleEndedQueue.Bytes32Deque storage queue = packetsQueue[dstEid][addressToBytes32(receiver)];
        uint256 count = queue.length();
        packetBytes = new bytes[](count);
        options = new bytes[](count);
        for (uint256 i; i < count; ++i) {
            bytes32 guid = queue.popBack();
            packetBytes[i] = packets[guid];
            options[i] = optionsLookup[guid];
        }
    }

    /// @dev The fields an executor passes to `EndpointV2.lzReceive`, read from an encoded packet.
    function decodePacket(bytes calldata packet)
        external
        pure
        returns (Origin memory origin, address receiver, bytes32 guid, bytes memory message)
    {
        origin = Origin(packet.srcEid(), packet.sender(), packet.nonce());
        receiver = packet.receiverB20();
        guid = packet.guid();
        message = packet.message();
    }

    // ---------------------------------------------------------------- the supply invariant handler's hooks

    /// @dev Hub-side oracle report, callable by a handler (HubFixture's helper is internal).
    function reportRewards(uint256 amount) external {
        _reportRewards(amount);
    }

    /// @dev Hub-side oracle report of a consensus-layer loss of `amount` (at most the beacon balance).
    function reportLoss(uint256 amount) external {
        (, uint256 validators,, uint256 beacon) = trETH.beaconStats();
        _applyReport(_reportOf(validators, beacon - (amount < beacon ? amount : beacon), 0, 0));
    }

    /// @dev `_takePackets` for a handler.
    function takePackets(uint32 dstEid, address receiver)
        external
        returns (bytes[] memory packetBytes, bytes[] memory options)
    {
        return _takePackets(dstEid, receiver);
    }
}
