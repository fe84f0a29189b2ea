// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IHubBridgeReceiver} from "../../shared/interfaces/IHubBridgeReceiver.sol";
import {IBatchReceiver} from "../../shared/interfaces/IBatchReceiver.sol";
import {IArbBridge, IArbOutbox} from "../../shared/interfaces/external/IArbBridge.sol";

/// @title ArbitrumHubReceiver
/// @notice Hub half of the Arbitrum bridge adapter for one spoke: the Outbox executes the spoke
///         adapter's L2-to-L1 message through the Bridge, which calls here with the batch ETH.
contract ArbitrumHubReceiver is IHubBridgeReceiver {
    IBatchReceiver public immutable ledger;
    uint32 public immutable srcEid;
    IArbBridge public immutable bridge;
    /// @notice The spoke's bridge adapter on L2: the only L2 sender accepted from the Outbox.
    address public immutable spokeAdapter;

    error ArbitrumHubReceiver_ZeroAddress();

    constructor(IBatchReceiver ledger_, uint32 srcEid_, IArbBridge bridge_, address spokeAdapter_) {
        if (address(ledger_) == address(0) || address(bridge_) == address(0) || spokeAdapter_ == address(0)) {
            revert ArbitrumHubReceiver_ZeroAddress();
        }
        ledger = ledger_;
        srcEid = srcEid_;
        bridge = bridge_;
        spokeAdapter = spokeAdapter_;
    }

    /// @inheritdoc IHubBridgeReceiver
    function deliverBatch(uint64 batchId) external payable {
        if (msg.sender != address(bridge)) revert HubBridgeReceiver_NotBridge(msg.sender);
        // The Bridge only calls during an Outbox execution; that Outbox knows the L2 sender.
        address sender = IArbOutbox(bridge.activeOutbox()).l2ToL1Sender();
        if (sender != spokeAdapter) revert HubBridgeReceiver_WrongSender(sender);
        emit BatchDelivered(srcEid, batchId, msg.value);
        ledger.receiveBatchETH{value: msg.value}(srcEid, batchId);
    }
}
